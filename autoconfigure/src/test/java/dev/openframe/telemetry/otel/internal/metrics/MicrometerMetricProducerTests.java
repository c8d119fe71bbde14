package dev.openframe.telemetry.otel.internal.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.time.TestClock;
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
	void cumulativeHistogramKeepsTheLargestValueSinceTheStart() {
		MockClock clock = new MockClock();
		PrometheusMeterRegistry windowed = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(),
				clock);
		MicrometerMetricProducer cumulative = new MicrometerMetricProducer(() -> windowed);
		Timer timer = Timer.builder("work.duration").publishPercentileHistogram().register(windowed);
		timer.record(Duration.ofSeconds(3));
		timer.record(Duration.ofMillis(50));
		assertThat(histogramPoint(cumulative, "work.duration").hasMax()).isTrue();
		assertThat(histogramPoint(cumulative, "work.duration").getMax()).isEqualTo(3.0);
		// Micrometer's own maximum forgets after two minutes; the cumulative point must not.
		clock.add(Duration.ofMinutes(5));
		timer.record(Duration.ofMillis(10));
		assertThat(timer.max(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(0.01);
		HistogramPointData point = histogramPoint(cumulative, "work.duration");
		assertThat(point.getMax()).isEqualTo(3.0);
		assertThat(point.getCount()).isEqualTo(3);
	}

	@Test
	void deltaHistogramHasNoMaxRatherThanAWrongOne() {
		MicrometerMetricProducer delta = new MicrometerMetricProducer(() -> this.registry,
				AggregationTemporalitySelector.deltaPreferred());
		Timer.builder("work.duration").register(this.registry).record(Duration.ofMillis(20));
		assertThat(histogramPoint(delta, "work.duration").hasMax()).isFalse();
	}

	private static HistogramPointData histogramPoint(MicrometerMetricProducer producer, String name) {
		return producer.produce(Resource.empty())
			.stream()
			.filter((metric) -> metric.getName().equals(name))
			.findFirst()
			.orElseThrow()
			.getHistogramData()
			.getPoints()
			.iterator()
			.next();
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

	@Test
	void deltaCountersReportTheChangeSinceThePreviousCollection() {
		TestClock clock = TestClock.create();
		MicrometerMetricProducer delta = new MicrometerMetricProducer(() -> this.registry,
				AggregationTemporalitySelector.deltaPreferred(), clock);
		long started = clock.now();
		Counter counter = Counter.builder("items.created").register(this.registry);
		counter.increment(3);
		clock.advance(Duration.ofSeconds(15));
		DoublePointData first = sumPoint(delta, "items.created", AggregationTemporality.DELTA);
		assertThat(first.getValue()).isEqualTo(3.0);
		assertThat(first.getStartEpochNanos()).isEqualTo(started);
		counter.increment(2);
		clock.advance(Duration.ofSeconds(15));
		DoublePointData second = sumPoint(delta, "items.created", AggregationTemporality.DELTA);
		assertThat(second.getValue()).isEqualTo(2.0);
		assertThat(second.getStartEpochNanos()).isEqualTo(first.getEpochNanos());
		clock.advance(Duration.ofSeconds(15));
		assertThat(sumPoint(delta, "items.created", AggregationTemporality.DELTA).getValue()).isZero();
	}

	@Test
	void deltaHistogramsReportNewCountsAndSumOnly() {
		MicrometerMetricProducer delta = new MicrometerMetricProducer(() -> this.registry,
				AggregationTemporalitySelector.deltaPreferred());
		Timer timer = Timer.builder("work.duration")
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100))
			.register(this.registry);
		timer.record(Duration.ofMillis(5));
		timer.record(Duration.ofMillis(50));
		delta.produce(Resource.empty());
		timer.record(Duration.ofMillis(50));
		timer.record(Duration.ofSeconds(1));
		MetricData metric = metric(delta, "work.duration");
		assertThat(metric.getHistogramData().getAggregationTemporality()).isEqualTo(AggregationTemporality.DELTA);
		HistogramPointData point = metric.getHistogramData().getPoints().iterator().next();
		assertThat(point.getCount()).isEqualTo(2);
		assertThat(point.getSum()).isEqualTo(1.05, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(point.getCounts()).containsExactly(0L, 1L, 1L);
	}

	@Test
	void lowMemoryKeepsFunctionCountersCumulative() {
		MicrometerMetricProducer lowMemory = new MicrometerMetricProducer(() -> this.registry,
				AggregationTemporalitySelector.lowMemory());
		Counter counter = Counter.builder("items.created").register(this.registry);
		AtomicInteger total = new AtomicInteger();
		FunctionCounter.builder("items.seen", total, AtomicInteger::get).register(this.registry);
		counter.increment(4);
		total.set(4);
		lowMemory.produce(Resource.empty());
		counter.increment(1);
		total.set(5);
		assertThat(sumPoint(lowMemory, "items.created", AggregationTemporality.DELTA).getValue()).isEqualTo(1.0);
		assertThat(sumPoint(lowMemory, "items.seen", AggregationTemporality.CUMULATIVE).getValue()).isEqualTo(5.0);
	}

	@Test
	void deltaAfterACounterResetReportsTheWholeValue() {
		MicrometerMetricProducer delta = new MicrometerMetricProducer(() -> this.registry,
				AggregationTemporalitySelector.deltaPreferred());
		AtomicInteger total = new AtomicInteger(10);
		FunctionCounter.builder("restarts", total, AtomicInteger::get).register(this.registry);
		delta.produce(Resource.empty());
		total.set(3);
		assertThat(sumPoint(delta, "restarts", AggregationTemporality.DELTA).getValue()).isEqualTo(3.0);
	}

	private static DoublePointData sumPoint(MicrometerMetricProducer producer, String name,
			AggregationTemporality temporality) {
		MetricData metric = metric(producer, name);
		assertThat(metric.getDoubleSumData().getAggregationTemporality()).isEqualTo(temporality);
		return metric.getDoubleSumData().getPoints().iterator().next();
	}

	private static MetricData metric(MicrometerMetricProducer producer, String name) {
		return producer.produce(Resource.empty())
			.stream()
			.filter((candidate) -> candidate.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

}
