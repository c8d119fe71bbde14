package dev.openframe.telemetry.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The SDK and registry the benchmarks run against: spans go through a real
 * {@link BatchSpanProcessor} (as configured by default) to an exporter that discards them, so a
 * benchmark measures the cost on the request thread, up to the processor's queue.
 */
final class BenchmarkTelemetry implements AutoCloseable {

	final OpenTelemetrySdk sdk;

	final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	BenchmarkTelemetry(boolean sampled) {
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.setSampler(sampled ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff())
			.addSpanProcessor(BatchSpanProcessor.builder(new SpanSink((spans) -> {
			})).build())
			.build();
		this.sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(tracerProvider)
			.setPropagators(ContextPropagators.create(TextMapPropagator
				.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
			.build();
	}

	OpenTelemetry openTelemetry() {
		return this.sdk;
	}

	@Override
	public void close() {
		this.sdk.close();
		this.registry.close();
	}

}
