package dev.openframe.telemetry.autoconfigure.otel;

/**
 * Trace samplers, named as in {@code OTEL_TRACES_SAMPLER}.
 */
public enum SamplerType {

	/** Records every trace. */
	ALWAYS_ON("always_on"),

	/** Records no trace. */
	ALWAYS_OFF("always_off"),

	/** Records a fraction of traces, chosen by trace id. */
	TRACEIDRATIO("traceidratio"),

	/** Follows the caller's sampling decision; records every new trace. */
	PARENTBASED_ALWAYS_ON("parentbased_always_on"),

	/** Follows the caller's sampling decision; records no new trace. */
	PARENTBASED_ALWAYS_OFF("parentbased_always_off"),

	/** Follows the caller's sampling decision; records a fraction of new traces. */
	PARENTBASED_TRACEIDRATIO("parentbased_traceidratio");

	private final String value;

	SamplerType(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
