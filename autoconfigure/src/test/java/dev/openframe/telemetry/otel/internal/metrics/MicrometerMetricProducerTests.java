package dev.openframe.telemetry.otel.internal.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Micrometer meters of a Prometheus registry read as OTLP metric data.
 */
class MicrometerMetricProducerTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final MicrometerMetricProducer producer = new MicrometerMetricProducer(() -> this.registry);

	@Test
	void timerBecomesCumulativeHistogramInSecondsWithItsBuckets() {
		Timer timer = Timer.builder("http.server.request.duration")
			.tag("http.route", "/items/{id}")
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
			.register(this.registry);
		timer.record(Duration.ofMillis(5));
		timer.record(Duration.ofMillis(50));
		timer.record(Duration.ofMillis(50));
		timer.record(Duration.ofSeconds(3));
		MetricData metric = metric("http.server.request.duration");
		assertThat(metric.getType()).isEqualTo(MetricDataType.HISTOGRAM);
		assertThat(metric.getUnit()).isEqualTo("s");
		HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
		assertThat(point.getCount()).isEqualTo(4);
		assertThat(point.getSum()).isEqualTo(3.105, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(point.getBoundaries()).containsExactly(0.01, 0.1, 1.0);
		assertThat(point.getCounts()).containsExactly(1L, 2L, 0L, 1L);
		assertThat(point.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/items/{id}");
	}

	@Test
	void countersBecomeMonotonicSumsAndGaugesGauges() {
		Counter.builder("items.created").tag("outcome", "ok").register(this.registry).increment(3);
		Counter.builder("items.created").tag("outcome", "conflict").register(this.registry).increment();
		AtomicInteger queue = new AtomicInteger(7);
		Gauge.builder("queue.size", queue, AtomicInteger::get).baseUnit("bytes").register(this.registry);
		MetricData counter = metric("items.created");
		assertThat(counter.getType()).isEqualTo(MetricDataType.DOUBLE_SUM);
		assertThat(counter.getDoubleSumData().isMonotonic()).isTrue();
		assertThat(counter.getDoubleSumData().getPoints()).hasSize(2)
			.extracting((point) -> point.getValue())
			.containsExactlyInAnyOrder(3.0, 1.0);
		MetricData gauge = metric("queue.size");
		assertThat(gauge.getType()).isEqualTo(MetricDataType.DOUBLE_GAUGE);
		assertThat(gauge.getUnit()).isEqualTo("By");
		assertThat(gauge.getDoubleGaugeData().getPoints().iterator().next().getValue()).isEqualTo(7.0);
	}

	@Test
	void distributionSummaryKeepsItsUnit() {
		DistributionSummary summary = DistributionSummary.builder("http.server.response.body.size")
			.baseUnit("bytes")
			.register(this.registry);
		summary.record(100);
		summary.record(300);
		MetricData metric = metric("http.server.response.body.size");
		assertThat(metric.getUnit()).isEqualTo("By");
		HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
		assertThat(point.getCount()).isEqualTo(2);
		assertThat(point.getSum()).isEqualTo(400.0);
		assertThat(point.getCounts()).containsExactly(2L);
	}

	@Test
	void gaugeOfCollectedObjectIsLeftOut() {
		Gauge.builder("gone", () -> Double.NaN).register(this.registry);
		assertThat(produce()).extracting(MetricData::getName).doesNotContain("gone");
	}

	@Test
	void producesNothingWithoutRegistry() {
		assertThat(new MicrometerMetricProducer(() -> null).produce(Resource.empty())).isEmpty();
	}

	private MetricData metric(String name) {
		List<MetricData> matches = produce().stream().filter((metric) -> metric.getName().equals(name)).toList();
		assertThat(matches).hasSize(1);
		return matches.get(0);
	}

	private Collection<MetricData> produce() {
		return this.producer.produce(Resource.getDefault());
	}

}
