package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.otel.internal.metrics.ExponentialHistogramMeterRegistry;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION=base2_exponential_bucket_histogram}:
 * Micrometer timers and distribution summaries that publish a histogram arrive at a real OTLP
 * receiver as exponential histograms with exemplars, min and max; everything else, and the
 * Prometheus scrape, stays as it was.
 */
class ExponentialHistogramExportTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class));

	@Test
	void explicitBucketsByDefault() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(ExponentialHistogramMeterRegistry.class);
			assertThat(context.getBean(MeterRegistry.class)).isInstanceOf(PrometheusMeterRegistry.class);
		});
	}

	@Test
	void timersAndSummariesWithHistogramsAreExportedAsExponentialHistograms() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.runner
				.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.httpEndpoint(),
						"OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION=base2_exponential_bucket_histogram",
						"OTEL_METRIC_EXPORT_INTERVAL=200"))
				.run((context) -> {
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(registry).isInstanceOf(CompositeMeterRegistry.class);
					Timer checkout = Timer.builder("checkout.duration").publishPercentileHistogram().register(registry);
					DistributionSummary payload = DistributionSummary.builder("payload.size")
						.baseUnit("bytes")
						.serviceLevelObjectives(100, 1000)
						.register(registry);
					Counter orders = Counter.builder("orders").register(registry);
					Span span = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("checkout").startSpan();
					try (Scope scope = span.makeCurrent()) {
						checkout.record(Duration.ofMillis(100));
						checkout.record(Duration.ofMillis(250));
						checkout.record(Duration.ofMillis(400));
						payload.record(512);
						orders.increment(3);
					}
					finally {
						span.end();
					}
					await().atMost(Duration.ofSeconds(15))
						.untilAsserted(() -> assertThat(points(receiver, "checkout.duration"))
							.anySatisfy((point) -> assertThat(point.getCount()).isEqualTo(3)));
					ExponentialHistogramDataPoint point = points(receiver, "checkout.duration").stream()
						.filter((candidate) -> candidate.getCount() == 3)
						.findFirst()
						.orElseThrow();
					assertThat(point.getSum()).isCloseTo(0.75, within(1e-9));
					assertThat(point.getMin()).isCloseTo(0.1, within(1e-9));
					assertThat(point.getMax()).isCloseTo(0.4, within(1e-9));
					// Three values spanning a factor of four fit the SDK's 160 buckets only below its maximum scale 20.
					assertThat(point.getScale()).isBetween(1, 19);
					assertThat(point.getPositive().getBucketCountsList().stream().mapToLong(Long::longValue).sum())
						.isEqualTo(3);
					assertThat(point.getExemplarsList()).isNotEmpty()
						.allSatisfy((exemplar) -> assertThat(HexFormat.of().formatHex(exemplar.getTraceId().toByteArray()))
							.isEqualTo(span.getSpanContext().getTraceId()));
					assertThat(metrics(receiver, "checkout.duration")).allSatisfy((metric) -> {
						assertThat(metric.getDataCase()).isEqualTo(Metric.DataCase.EXPONENTIAL_HISTOGRAM);
						assertThat(metric.getUnit()).isEqualTo("s");
					});
					await().atMost(Duration.ofSeconds(15))
						.untilAsserted(() -> assertThat(points(receiver, "payload.size"))
							.anySatisfy((summaryPoint) -> {
								assertThat(summaryPoint.getCount()).isEqualTo(1);
								assertThat(summaryPoint.getMax()).isEqualTo(512);
								assertThat(summaryPoint.getExemplarsCount()).isEqualTo(1);
							}));
					// Meters without histograms still come through Micrometer's own path, read once.
					assertThat(metrics(receiver, "orders"))
						.allSatisfy((metric) -> assertThat(metric.getDataCase()).isEqualTo(Metric.DataCase.SUM))
						.anySatisfy((metric) -> assertThat(metric.getSum().getDataPoints(0).getAsDouble()).isEqualTo(3));
					assertThat(checkout.count()).isEqualTo(3);
					assertThat(context.getBean(PrometheusMeterRegistry.class).scrape())
						.contains("checkout_duration_seconds_bucket{");
				});
		}
	}

	private static List<Metric> metrics(OtlpReceiver receiver, String name) {
		return receiver.metrics().stream().filter((metric) -> metric.getName().equals(name)).toList();
	}

	private static List<ExponentialHistogramDataPoint> points(OtlpReceiver receiver, String name) {
		return metrics(receiver, name).stream()
			.filter((metric) -> metric.getDataCase() == Metric.DataCase.EXPONENTIAL_HISTOGRAM)
			.flatMap((metric) -> metric.getExponentialHistogram().getDataPointsList().stream())
			.toList();
	}

}
