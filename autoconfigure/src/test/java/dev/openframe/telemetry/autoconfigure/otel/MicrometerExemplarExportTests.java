package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.web.internal.OpenTelemetryExemplarSpanContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.prometheus.metrics.tracer.common.SpanContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Explicit-bucket histograms of Micrometer timers reach a real OTLP receiver with the exemplars
 * Spring Boot's Prometheus registry sampled, as {@code OTEL_METRICS_EXEMPLAR_FILTER} allows.
 */
class MicrometerExemplarExportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class))
		// What the starter's web auto-configuration gives the Prometheus registry.
		.withBean(SpanContext.class, OpenTelemetryExemplarSpanContext::new);

	@Test
	void histogramPointCarriesTheTraceOfTheSampledSpanByDefault() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.runner
				.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.httpEndpoint(),
						"OTEL_METRIC_EXPORT_INTERVAL=200"))
				.run((context) -> {
					Span span = recordInSpan(context.getBean(OpenTelemetry.class), context.getBean(MeterRegistry.class));
					await().atMost(Duration.ofSeconds(15))
						.untilAsserted(() -> assertThat(points(receiver)).anySatisfy((point) -> assertThat(
								point.getExemplarsList())
							.singleElement()
							.satisfies((exemplar) -> assertThat(HexFormat.of().formatHex(exemplar.getTraceId().toByteArray()))
								.isEqualTo(span.getSpanContext().getTraceId()))));
				});
		}
	}

	@Test
	void alwaysOffFilterSendsHistogramsWithoutExemplars() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.runner
				.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.httpEndpoint(),
						"OTEL_METRIC_EXPORT_INTERVAL=200", "OTEL_METRICS_EXEMPLAR_FILTER=always_off"))
				.run((context) -> {
					recordInSpan(context.getBean(OpenTelemetry.class), context.getBean(MeterRegistry.class));
					// Two collections after the recording, as the Prometheus registry holds its exemplar.
					await().atMost(Duration.ofSeconds(15))
						.untilAsserted(() -> assertThat(points(receiver))
							.filteredOn((point) -> point.getCount() == 1)
							.hasSizeGreaterThanOrEqualTo(2));
					assertThat(points(receiver)).allSatisfy((point) -> assertThat(point.getExemplarsList()).isEmpty());
				});
		}
	}

	private static Span recordInSpan(OpenTelemetry openTelemetry, MeterRegistry registry) {
		Timer timer = Timer.builder("checkout.duration")
			.serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1))
			.register(registry);
		Span span = openTelemetry.getTracer("test").spanBuilder("checkout").startSpan();
		try (Scope scope = span.makeCurrent()) {
			timer.record(Duration.ofMillis(250));
		}
		finally {
			span.end();
		}
		return span;
	}

	private static List<HistogramDataPoint> points(OtlpReceiver receiver) {
		return receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals("checkout.duration"))
			.flatMap((metric) -> metric.getHistogram().getDataPointsList().stream())
			.toList();
	}

}
