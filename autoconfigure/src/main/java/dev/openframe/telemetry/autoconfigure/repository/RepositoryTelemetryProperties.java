package dev.openframe.telemetry.autoconfigure.repository;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of repository tracing, under {@code openframe.telemetry.repository}.
 */
@ConfigurationProperties("openframe.telemetry.repository")
public class RepositoryTelemetryProperties {

	/**
	 * Whether '@Repository' beans and Spring Data repositories are wrapped in the tracing proxy
	 * that records spans and metrics and maps data-access failures to AdapterErrors.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
