package dev.openframe.telemetry.otel.internal;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * {@link SpanExporter} that records the outcome of every export in {@link ExportStatistics}.
 */
public final class MonitoredSpanExporter implements SpanExporter {

	private final SpanExporter delegate;

	private final ExportStatistics statistics;

	public MonitoredSpanExporter(SpanExporter delegate, ExportStatistics statistics) {
		this.delegate = delegate;
		this.statistics = statistics;
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		return this.statistics.recordWhenComplete(Signal.TRACES, spans.size(), this.delegate.export(spans));
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "MonitoredSpanExporter{" + this.delegate + "}";
	}

}
