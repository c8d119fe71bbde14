package dev.openframe.telemetry.autoconfigure.otel;

/**
 * Context propagation formats, named as in {@code OTEL_PROPAGATORS}.
 */
public enum PropagatorType {

	/** W3C Trace Context: {@code traceparent}, {@code tracestate}. */
	TRACECONTEXT("tracecontext"),

	/** W3C Baggage: {@code baggage}. */
	BAGGAGE("baggage"),

	/** B3 single header {@code b3}. Needs {@code io.opentelemetry:opentelemetry-extension-trace-propagators}. */
	B3("b3"),

	/**
	 * B3 multiple headers {@code X-B3-*}. Needs
	 * {@code io.opentelemetry:opentelemetry-extension-trace-propagators}.
	 */
	B3MULTI("b3multi"),

	/** Jaeger {@code uber-trace-id}. Needs {@code io.opentelemetry:opentelemetry-extension-trace-propagators}. */
	JAEGER("jaeger"),

	/** OpenTracing {@code ot-tracer-*}. Needs {@code io.opentelemetry:opentelemetry-extension-trace-propagators}. */
	OTTRACE("ottrace"),

	/** AWS X-Ray {@code X-Amzn-Trace-Id}. Needs {@code io.opentelemetry.contrib:opentelemetry-aws-xray-propagator}. */
	XRAY("xray"),

	/** No propagation; only valid alone. */
	NONE("none");

	private final String value;

	PropagatorType(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
