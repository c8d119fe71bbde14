package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.trace.samplers.Sampler;

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

	/**
	 * The sampler of this type.
	 * @param ratio fraction of new traces kept, for the ratio samplers
	 * @return the sampler
	 */
	Sampler create(double ratio) {
		return switch (this) {
			case ALWAYS_ON -> Sampler.alwaysOn();
			case ALWAYS_OFF -> Sampler.alwaysOff();
			case TRACEIDRATIO -> Sampler.traceIdRatioBased(ratio);
			case PARENTBASED_ALWAYS_ON -> Sampler.parentBased(Sampler.alwaysOn());
			case PARENTBASED_ALWAYS_OFF -> Sampler.parentBased(Sampler.alwaysOff());
			case PARENTBASED_TRACEIDRATIO -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
		};
	}

	@Override
	public String toString() {
		return this.value;
	}

}
