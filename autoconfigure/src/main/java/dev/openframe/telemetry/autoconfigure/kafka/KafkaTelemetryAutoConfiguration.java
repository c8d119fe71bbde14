package dev.openframe.telemetry.autoconfigure.kafka;

import java.util.List;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import dev.openframe.telemetry.kafka.internal.KafkaTelemetry;
import dev.openframe.telemetry.kafka.internal.KafkaTracingPostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Auto-configuration of Kafka tracing when Spring Kafka is on the class path: PRODUCER spans and
 * propagated context on every record sent, CONSUMER spans, MDC ids and metrics around every
 * listener delivery. Records carry the session id only when every bootstrap server of their
 * producer is a host {@code openframe.telemetry.http.client.propagate-session-to} allows. Its
 * collaborators are resolved on first use, never while beans are being post-processed.
 */
@AutoConfiguration(after = TelemetrySdkAutoConfiguration.class)
@ConditionalOnClass({ OpenTelemetry.class, MeterRegistry.class, KafkaTemplate.class })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.kafka.enabled", matchIfMissing = true)
@EnableConfigurationProperties(KafkaTelemetryProperties.class)
public final class KafkaTelemetryAutoConfiguration {

	/** The servlet filter's session header property, whose value Kafka records carry too. */
	private static final String SESSION_HEADER_PROPERTY = "openframe.telemetry.http.session-header";

	/** The outgoing calls' session hosts, which bound the brokers that records carry the session id to. */
	private static final String SESSION_HOSTS_PROPERTY = "openframe.telemetry.http.client.propagate-session-to";

	KafkaTelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	static KafkaTracingPostProcessor kafkaTracingPostProcessor(ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry,
			Environment environment) {
		return new KafkaTracingPostProcessor(() -> new KafkaTelemetry(
				() -> openTelemetry.getIfAvailable(OpenTelemetry::noop),
				environment.getProperty(SESSION_HEADER_PROPERTY, "x-session-id"), sessionHosts(environment),
				meterRegistry::getIfUnique, observationRegistry::getIfUnique));
	}

	// Bound here, not through HttpTelemetryProperties: an application without a web server (a
	// listener-only worker) has none, and its records must keep to the same hosts.
	static SessionPropagationHosts sessionHosts(Environment environment) {
		List<String> patterns = Binder.get(environment)
			.bind(SESSION_HOSTS_PROPERTY, Bindable.listOf(String.class))
			.orElse(SessionPropagationHosts.DEFAULTS);
		for (String pattern : patterns) {
			if (!SessionPropagationHosts.isValidPattern(pattern)) {
				throw new InvalidTelemetryPropertyException(SESSION_HOSTS_PROPERTY, pattern,
						"hold host names, IP addresses, '*.suffix' patterns, '*', 'loopback', "
								+ "'private-addresses' or 'single-label'");
			}
		}
		return SessionPropagationHosts.of(patterns);
	}

}
