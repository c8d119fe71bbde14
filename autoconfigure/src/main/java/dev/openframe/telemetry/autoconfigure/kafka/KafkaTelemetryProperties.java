package dev.openframe.telemetry.autoconfigure.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the Kafka instrumentation, under {@code openframe.telemetry.kafka}.
 */
@ConfigurationProperties("openframe.telemetry.kafka")
public class KafkaTelemetryProperties {

	/**
	 * Whether records sent through Spring Kafka's producer factories and handled by its listener
	 * containers get spans, propagated context, MDC ids and messaging metrics.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
