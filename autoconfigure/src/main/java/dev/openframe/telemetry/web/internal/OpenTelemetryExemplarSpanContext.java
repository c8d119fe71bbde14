package dev.openframe.telemetry.web.internal;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Tells the Prometheus registry's exemplar sampler the current OpenTelemetry span, so that the
 * request duration buckets carry trace ids of sampled requests in OpenMetrics output.
 */
public final class OpenTelemetryExemplarSpanContext implements SpanContext {

	@Override
	public String getCurrentTraceId() {
		io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
		return context.isValid() ? context.getTraceId() : null;
	}

	@Override
	public String getCurrentSpanId() {
		io.opentelemetry.api.trace.SpanContext context = Span.current().getSpanContext();
		return context.isValid() ? context.getSpanId() : null;
	}

	@Override
	public boolean isCurrentSpanSampled() {
		return Span.current().getSpanContext().isSampled();
	}

	@Override
	public void markCurrentSpanAsExemplar() {
		// Nothing to mark: every sampled span is exported anyway.
	}

}
