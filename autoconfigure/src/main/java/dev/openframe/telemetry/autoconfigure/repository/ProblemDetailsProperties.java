package dev.openframe.telemetry.autoconfigure.repository;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of problem responses for AdapterErrors, under
 * {@code openframe.telemetry.problem-details}.
 */
@ConfigurationProperties("openframe.telemetry.problem-details")
public class ProblemDetailsProperties {

	/**
	 * Whether AdapterErrors reaching Spring MVC are answered with RFC 9457 problem responses.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
