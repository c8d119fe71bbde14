package dev.openframe.telemetry.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when an openframe-telemetry property, or the {@code OTEL_*} variable
 * mapped onto it, has a value that cannot work. Turned into a readable start-up failure by
 * {@link TelemetryFailureAnalyzer}.
 */
public class InvalidTelemetryPropertyException extends RuntimeException {

	private final String property;

	private final @Nullable Object value;

	private final String requirement;

	private final @Nullable String action;

	/**
	 * Creates an exception for a value outside what the property allows.
	 * @param property full property name, such as {@code openframe.telemetry.otlp.endpoint}
	 * @param value the rejected value
	 * @param requirement what the property allows, such as {@code "be between 0 and 1"}
	 */
	public InvalidTelemetryPropertyException(String property, @Nullable Object value, String requirement) {
		this(property, value, requirement, null);
	}

	/**
	 * Creates an exception with a specific fix.
	 * @param property full property name
	 * @param value the rejected value
	 * @param requirement what the property allows
	 * @param action how to fix it, or {@code null} for the default advice
	 */
	public InvalidTelemetryPropertyException(String property, @Nullable Object value, String requirement,
			@Nullable String action) {
		super("'" + property + "' must " + requirement + " but was '" + value + "'");
		this.property = property;
		this.value = value;
		this.requirement = requirement;
		this.action = action;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	public String getRequirement() {
		return this.requirement;
	}

	public @Nullable String getAction() {
		return this.action;
	}

}
