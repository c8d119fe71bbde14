package dev.openframe.telemetry.kafka.internal;

import java.time.Duration;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Records {@code messaging.client.sent.messages}, {@code messaging.client.consumed.messages} and
 * {@code messaging.process.duration} through Micrometer. Every meter of a name always carries the
 * same tag keys, as the Prometheus registry requires; a missing consumer group is {@code none}.
 */
final class MessagingMetrics {

	static final String SENT = "messaging.client.sent.messages";

	static final String CONSUMED = "messaging.client.consumed.messages";

	static final String PROCESS_DURATION = "messaging.process.duration";

	static final String SUCCESS = "success";

	static final String FAILURE = "failure";

	/** OpenTelemetry's messaging duration buckets, in seconds. */
	private static final Duration[] SLOS = slos(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5,
			7.5, 10);

	private final Supplier<@Nullable MeterRegistry> registry;

	MessagingMetrics(Supplier<@Nullable MeterRegistry> registry) {
		this.registry = registry;
	}

	void sent(String destination, String outcome) {
		MeterRegistry meters = this.registry.get();
		if (meters != null) {
			Counter.builder(SENT)
				.description("Messages a producer attempted to send")
				.baseUnit("messages")
				.tags(Tags.of("messaging.system", MessagingKeys.KAFKA, "messaging.destination.name", destination,
						"outcome", outcome))
				.register(meters)
				.increment();
		}
	}

	void processed(String destination, @Nullable String group, String outcome, int count, long nanos) {
		MeterRegistry meters = this.registry.get();
		if (meters == null) {
			return;
		}
		Tags tags = Tags.of("messaging.system", MessagingKeys.KAFKA, "messaging.destination.name", destination,
				"messaging.consumer.group.name", (group != null) ? group : "none", "outcome", outcome);
		Counter.builder(CONSUMED)
			.description("Messages delivered to a listener")
			.baseUnit("messages")
			.tags(tags)
			.register(meters)
			.increment(count);
		Timer.builder(PROCESS_DURATION)
			.description("Duration of listener processing, per record or per batch")
			.tags(tags)
			.serviceLevelObjectives(SLOS)
			.register(meters)
			.record(Duration.ofNanos(nanos));
	}

	private static Duration[] slos(double... seconds) {
		Duration[] slos = new Duration[seconds.length];
		for (int i = 0; i < seconds.length; i++) {
			slos[i] = Duration.ofNanos((long) (seconds[i] * 1_000_000_000L));
		}
		return slos;
	}

}
