package dev.openframe.telemetry.jdbc.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Records {@code db.client.operation.duration} through Micrometer, in place of the JDBC
 * instrumentation's own OpenTelemetry histogram: every metric of the application is recorded once
 * by Micrometer and exported from there, to {@code /actuator/prometheus} and over OTLP alike. Tags
 * are {@code db.system.name}, {@code db.operation.name}, {@code db.collection.name} and
 * {@code error.type}, the same keys on every timer (the Prometheus registry requires it). The
 * operation and the collection are read from the statement's {@code db.query.summary} (such as
 * {@code SELECT item}); a statement on several collections, or on none, has an empty collection.
 */
final class DbClientOperationMetrics implements OperationListener {

	/** Name of the timer. */
	static final String METER_NAME = "db.client.operation.duration";

	/** Value of {@code error.type} for statements that succeeded. */
	static final String NO_ERROR = "none";

	/** OpenTelemetry semantic-convention buckets of database durations, in seconds. */
	static final double[] DURATION_BUCKETS = { 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10 };

	private static final Duration[] SLOS = slos();

	private static final int MAX_CACHED = 2_000;

	private static final ContextKey<Started> STARTED = ContextKey.named("openframe-db-client-operation");

	private final Supplier<@Nullable MeterRegistry> registrySupplier;

	private volatile @Nullable MeterRegistry registry;

	private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

	/**
	 * Creates the listener.
	 * @param registry supplies the registry, or {@code null} while there is none; asked until it answers
	 */
	DbClientOperationMetrics(Supplier<@Nullable MeterRegistry> registry) {
		this.registrySupplier = registry;
	}

	@Override
	public Context onStart(Context context, Attributes startAttributes, long startNanos) {
		String system = startAttributes.get(DbAttributes.DB_SYSTEM_NAME);
		return context.with(STARTED, new Started(startNanos, (system != null) ? system : "other_sql",
				startAttributes.get(DbAttributes.DB_QUERY_SUMMARY)));
	}

	@Override
	public void onEnd(Context context, Attributes endAttributes, long endNanos) {
		Started started = context.get(STARTED);
		MeterRegistry meterRegistry = registry();
		if (started == null || meterRegistry == null) {
			return;
		}
		String errorType = endAttributes.get(ErrorAttributes.ERROR_TYPE);
		TimerKey key = new TimerKey(started.system, started.summary, (errorType != null) ? errorType : NO_ERROR);
		Timer timer = this.timers.get(key);
		if (timer == null) {
			timer = register(meterRegistry, key);
			if (this.timers.size() < MAX_CACHED) {
				this.timers.putIfAbsent(key, timer);
			}
		}
		timer.record(endNanos - started.nanos, TimeUnit.NANOSECONDS);
	}

	private @Nullable MeterRegistry registry() {
		MeterRegistry current = this.registry;
		if (current == null) {
			current = this.registrySupplier.get();
			this.registry = current;
		}
		return current;
	}

	private static Timer register(MeterRegistry registry, TimerKey key) {
		String[] operationAndCollection = operationAndCollection(key.summary);
		return Timer.builder(METER_NAME)
			.description("Duration of database client operations")
			.tag(DbAttributes.DB_SYSTEM_NAME.getKey(), key.system)
			.tag(DbAttributes.DB_OPERATION_NAME.getKey(), operationAndCollection[0])
			.tag(DbAttributes.DB_COLLECTION_NAME.getKey(), operationAndCollection[1])
			.tag(ErrorAttributes.ERROR_TYPE.getKey(), key.errorType)
			.serviceLevelObjectives(SLOS)
			.register(registry);
	}

	/**
	 * The operation and the single collection a query summary names.
	 * @param summary such as {@code SELECT item}, {@code BATCH INSERT item} or {@code SELECT a b}
	 * @return operation and collection, each empty when the summary names none or several
	 */
	static String[] operationAndCollection(@Nullable String summary) {
		if (summary == null || summary.isBlank()) {
			return new String[] { "", "" };
		}
		String[] words = summary.trim().split(" ");
		int first = 0;
		String operation = words[0];
		if ("BATCH".equals(operation) && words.length > 1) {
			operation = "BATCH " + words[1];
			first = 1;
		}
		// Targets follow the operation; a second operation (a sub-query) makes it several.
		boolean single = words.length == first + 2 && !"CALL".equals(operation) && !"EXECUTE".equals(operation);
		return new String[] { operation, single ? unquoted(words[first + 1]) : "" };
	}

	// Quotes are how the statement wrote the identifier, not part of the collection's name.
	private static String unquoted(String identifier) {
		int last = identifier.length() - 1;
		if (last > 0) {
			char open = identifier.charAt(0);
			char close = identifier.charAt(last);
			if ((open == '"' && close == '"') || (open == '`' && close == '`') || (open == '[' && close == ']')) {
				return identifier.substring(1, last);
			}
		}
		return identifier;
	}

	private static Duration[] slos() {
		Duration[] slos = new Duration[DURATION_BUCKETS.length];
		for (int i = 0; i < slos.length; i++) {
			slos[i] = Duration.ofNanos((long) (DURATION_BUCKETS[i] * 1_000_000_000L));
		}
		return slos;
	}

	private record Started(long nanos, String system, @Nullable String summary) {
	}

	private record TimerKey(String system, @Nullable String summary, String errorType) {
	}

}
