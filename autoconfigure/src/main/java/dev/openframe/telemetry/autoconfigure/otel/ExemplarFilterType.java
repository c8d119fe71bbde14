package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.metrics.ExemplarFilter;

/**
 * Exemplar filters of the SDK meter provider, named as in {@code OTEL_METRICS_EXEMPLAR_FILTER}.
 */
public enum ExemplarFilterType {

	/** Measurements made while a sampled span is current. */
	TRACE_BASED("trace_based"),

	/** Every measurement may become an exemplar. */
	ALWAYS_ON("always_on"),

	/** No exemplars. */
	ALWAYS_OFF("always_off");

	private final String value;

	ExemplarFilterType(String value) {
		this.value = value;
	}

	ExemplarFilter create() {
		return switch (this) {
			case TRACE_BASED -> ExemplarFilter.traceBased();
			case ALWAYS_ON -> ExemplarFilter.alwaysOn();
			case ALWAYS_OFF -> ExemplarFilter.alwaysOff();
		};
	}

	@Override
	public String toString() {
		return this.value;
	}

}
