package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.List;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE} reaches both the OTLP metric
 * exporter (for OpenTelemetry API instruments) and the Micrometer meters read into OTLP;
 * {@code OTEL_METRIC_EXPORT_TIMEOUT} bounds the metric export.
 */
class MetricsTemporalityTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void cumulativeByDefault() {
		this.runner.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:9")
			.run((context) -> assertThat(
					context.getBean(MetricExporter.class).getAggregationTemporality(InstrumentType.COUNTER))
				.isEqualTo(io.opentelemetry.sdk.metrics.data.AggregationTemporality.CUMULATIVE));
	}

	@Test
	void metricExportTimeoutBoundsTheExportRequest() {
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9",
					"OTEL_METRIC_EXPORT_TIMEOUT=1500"))
			.run((context) -> {
				assertThat(context.getBean(MetricExporter.class))
					.asString()
					.contains("timeoutNanos=" + Duration.ofMillis(1500).toNanos());
				assertThat(context.getBean(io.opentelemetry.sdk.trace.export.SpanExporter.class)).asString()
					.contains("timeoutNanos=" + Duration.ofSeconds(10).toNanos());
			});
	}

	@Test
	void deltaMicrometerCountersArriveAsDeltaSums() {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			this.runner
				.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.httpEndpoint(),
						"OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta", "OTEL_METRIC_EXPORT_INTERVAL=200"))
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.run((context) -> {
					assertThat(context.getBean(MetricExporter.class).getAggregationTemporality(InstrumentType.COUNTER))
						.isEqualTo(io.opentelemetry.sdk.metrics.data.AggregationTemporality.DELTA);
					Counter orders = Counter.builder("orders").register(context.getBean(MeterRegistry.class));
					orders.increment(5);
					await().atMost(Duration.ofSeconds(10)).until(() -> !sums(receiver).isEmpty());
					orders.increment(2);
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(sums(receiver)).contains(2.0));
					List<Metric> metrics = receiver.metrics().stream().filter((m) -> m.getName().equals("orders")).toList();
					assertThat(metrics).allSatisfy((metric) -> assertThat(metric.getSum().getAggregationTemporality())
						.isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA));
					// Every export reports only what was counted since the previous one.
					assertThat(sums(receiver).stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(7.0);
				});
		}
	}

	private static List<Double> sums(OtlpReceiver receiver) {
		return receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals("orders"))
			.flatMap((metric) -> metric.getSum().getDataPointsList().stream())
			.map((point) -> point.getAsDouble())
			.filter((value) -> value != 0)
			.toList();
	}

}
