package dev.openframe.telemetry.autoconfigure;

import java.util.Objects;

import org.springframework.boot.origin.Origin;

/**
 * {@link Origin} of a property that was set through an {@code OTEL_*} environment variable.
 *
 * @param variable name of the variable, such as {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * @param value the variable's value as set, before mapping (milliseconds become durations)
 */
record OtelEnvironmentVariableOrigin(String variable, String value) implements Origin {

	public OtelEnvironmentVariableOrigin {
		Objects.requireNonNull(variable, "variable");
		Objects.requireNonNull(value, "value");
	}

	@Override
	public String toString() {
		return "environment variable '" + this.variable + "'";
	}

}
