package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.Signal;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SDK parts of {@link TelemetrySdkAutoConfiguration} as separate beans: each backs off from
 * the application's own, and each builder's customizers are applied in order.
 */
class SdkPartsAutoConfigurationTests {

	private static final String ENDPOINT = "openframe.telemetry.otlp.endpoint=http://127.0.0.1:9";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void providesEveryPartWhenEverySignalIsExported() {
		this.runner.withPropertyValues(ENDPOINT)
			.run((context) -> assertThat(context).hasSingleBean(Sampler.class)
				.hasSingleBean(SpanExporter.class)
				.hasSingleBean(BatchSpanProcessor.class)
				.hasSingleBean(SdkTracerProvider.class)
				.hasSingleBean(MetricExporter.class)
				.hasSingleBean(PeriodicMetricReader.class)
				.hasSingleBean(SdkMeterProvider.class)
				.hasSingleBean(LogRecordExporter.class)
				.hasSingleBean(BatchLogRecordProcessor.class)
				.hasSingleBean(SdkLoggerProvider.class)
				.hasSingleBean(ContextPropagators.class)
				.hasSingleBean(Resource.class));
	}

	@Test
	void noExportersOrProcessorsWithoutEndpoint() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SdkTracerProvider.class)
			.doesNotHaveBean(SpanExporter.class)
			.doesNotHaveBean(BatchSpanProcessor.class)
			.doesNotHaveBean(MetricExporter.class)
			.doesNotHaveBean(PeriodicMetricReader.class)
			.doesNotHaveBean(LogRecordExporter.class)
			.doesNotHaveBean(BatchLogRecordProcessor.class));
	}

	@Test
	void blankEndpointCountsAsUnset() {
		this.runner
			.withPropertyValues("openframe.telemetry.otlp.endpoint= ", "openframe.telemetry.logs.endpoint=")
			.run((context) -> assertThat(context).doesNotHaveBean(LogRecordExporter.class)
				.doesNotHaveBean(BatchLogRecordProcessor.class)
				.doesNotHaveBean(dev.openframe.telemetry.otel.internal.LogbackOtlpAppender.class));
	}

	@Test
	void backsOffWhenUserDefinesSampler() {
		this.runner.withBean(Sampler.class, Sampler::alwaysOff)
			.run((context) -> assertThat(context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider().getSampler())
				.isEqualTo(Sampler.alwaysOff()));
	}

	@Test
	void backsOffWhenUserDefinesResource() {
		Resource resource = Resource.empty().toBuilder().put("service.name", "mine").build();
		this.runner.withBean(Resource.class, () -> resource)
			.run((context) -> assertThat(context.getBean(Resource.class)).isSameAs(resource));
	}

	@Test
	void backsOffWhenUserDefinesPropagators() {
		this.runner.withBean(ContextPropagators.class, ContextPropagators::noop)
			.run((context) -> assertThat(context.getBean(OpenTelemetrySdk.class).getPropagators())
				.isSameAs(ContextPropagators.noop()));
	}

	@Test
	void userSpanExporterIsBatchedWithoutEndpoint() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		this.runner.withBean(SpanExporter.class, () -> exporter).run((context) -> {
			assertThat(context).hasSingleBean(BatchSpanProcessor.class);
			assertThat(context.getBean(ExportStatistics.class).exportedSignals()).containsExactly(Signal.TRACES);
			context.getBean(OpenTelemetrySdk.class).getTracer("test").spanBuilder("mine").startSpan().end();
			context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(exporter.getFinishedSpanItems()).singleElement()
					.satisfies((span) -> assertThat(span.getName()).isEqualTo("mine")));
		});
	}

	@Test
	void backsOffWhenUserDefinesSpanProcessorAndKeepsExtraProcessors() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		this.runner.withPropertyValues(ENDPOINT)
			.withBean(BatchSpanProcessor.class, () -> BatchSpanProcessor.builder(exporter).build())
			.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(exporter))
			.run((context) -> {
				assertThat(context).hasSingleBean(BatchSpanProcessor.class);
				context.getBean(OpenTelemetrySdk.class).getTracer("test").spanBuilder("both").startSpan().end();
				context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider().forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
				// One export from the simple processor, one from the application's batch processor.
				assertThat(exporter.getFinishedSpanItems()).hasSize(2);
			});
	}

	@Test
	void backsOffWhenUserDefinesProviders() {
		SdkTracerProvider tracerProvider = SdkTracerProvider.builder().build();
		SdkMeterProvider meterProvider = SdkMeterProvider.builder().build();
		SdkLoggerProvider loggerProvider = SdkLoggerProvider.builder().build();
		this.runner.withBean(SdkTracerProvider.class, () -> tracerProvider)
			.withBean(SdkMeterProvider.class, () -> meterProvider)
			.withBean(SdkLoggerProvider.class, () -> loggerProvider)
			.run((context) -> {
				OpenTelemetrySdk sdk = context.getBean(OpenTelemetrySdk.class);
				assertThat(sdk.getSdkTracerProvider()).isSameAs(tracerProvider);
				assertThat(sdk.getSdkMeterProvider()).isSameAs(meterProvider);
				assertThat(sdk.getSdkLoggerProvider()).isSameAs(loggerProvider);
			});
	}

	@Test
	void appliesProviderCustomizersInOrder() {
		List<String> calls = new ArrayList<>();
		this.runner.withBean("late", SdkTracerProviderBuilderCustomizer.class, () -> new LateCustomizer(calls))
			.withBean("early", SdkTracerProviderBuilderCustomizer.class, () -> new EarlyCustomizer(calls))
			.withBean(SdkMeterProviderBuilderCustomizer.class, () -> (builder) -> calls.add("meter"))
			.withBean(SdkLoggerProviderBuilderCustomizer.class, () -> (builder) -> calls.add("logger"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(calls).containsSubsequence("early", "late").contains("meter", "logger");
				// The last customizer's sampler wins.
				assertThat(context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider().getSampler())
					.isEqualTo(Sampler.alwaysOff());
			});
	}

	@Test
	void appliesExporterBuilderCustomizerAfterTheProperties() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.runner.withPropertyValues(ENDPOINT, "openframe.telemetry.traces.batch.schedule-delay=50ms")
				.withBean(OtlpHttpSpanExporterBuilderCustomizer.class,
						() -> (builder) -> builder.setEndpoint(receiver.httpEndpoint() + "/v1/traces")
							.addHeader("x-tenant", "blue"))
				.run((context) -> {
					context.getBean(OpenTelemetrySdk.class).getTracer("test").spanBuilder("custom").startSpan().end();
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.spans())
						.anySatisfy((span) -> assertThat(span.getName()).isEqualTo("custom")));
					assertThat(receiver.requests("traces").get(0).headers()).containsEntry("x-tenant", "blue");
				});
		}
	}

	@Test
	void grpcExporterCustomizerAppliesForGrpc() {
		List<String> calls = new ArrayList<>();
		this.runner.withPropertyValues(ENDPOINT, "openframe.telemetry.otlp.protocol=grpc")
			.withBean(OtlpGrpcSpanExporterBuilderCustomizer.class, () -> (builder) -> calls.add("spans"))
			.withBean(OtlpGrpcMetricExporterBuilderCustomizer.class, () -> (builder) -> calls.add("metrics"))
			.withBean(OtlpGrpcLogRecordExporterBuilderCustomizer.class, () -> (builder) -> calls.add("logs"))
			.withBean(OtlpHttpSpanExporterBuilderCustomizer.class, () -> (builder) -> calls.add("http"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(calls).containsExactlyInAnyOrder("spans", "metrics", "logs");
			});
	}

	@Test
	void resourceIsSharedByEveryProvider() {
		this.runner.withPropertyValues(ENDPOINT, "spring.application.name=orders").run((context) -> {
			Resource resource = context.getBean(Resource.class);
			assertThat(resource.getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("orders");
			assertThat(context.getBean(SdkTracerProvider.class).toString()).contains("service.name=\"orders\"");
		});
	}

	@Order(1)
	record EarlyCustomizer(List<String> calls) implements SdkTracerProviderBuilderCustomizer {

		@Override
		public void customize(io.opentelemetry.sdk.trace.SdkTracerProviderBuilder builder) {
			this.calls.add("early");
			builder.setSampler(Sampler.alwaysOn());
		}

	}

	@Order(2)
	record LateCustomizer(List<String> calls) implements SdkTracerProviderBuilderCustomizer {

		@Override
		public void customize(io.opentelemetry.sdk.trace.SdkTracerProviderBuilder builder) {
			this.calls.add("late");
			builder.setSampler(Sampler.alwaysOff());
		}

	}

}
