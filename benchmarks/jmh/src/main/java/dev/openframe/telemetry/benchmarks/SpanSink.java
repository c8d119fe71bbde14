package dev.openframe.telemetry.benchmarks;

import java.util.Collection;
import java.util.function.Consumer;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** A span exporter that hands each batch to a consumer and succeeds at once. */
record SpanSink(Consumer<Collection<SpanData>> consumer) implements SpanExporter {

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		this.consumer.accept(spans);
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode flush() {
		return CompletableResultCode.ofSuccess();
	}

	@Override
	public CompletableResultCode shutdown() {
		return CompletableResultCode.ofSuccess();
	}

}
