package dev.openframe.telemetry.otel.internal.metrics;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.openframe.telemetry.web.internal.OpenTelemetryExemplarSpanContext;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Exemplars that Micrometer's Prometheus registry samples, carried by the OTLP histogram points
 * read from Micrometer timers and distribution summaries.
 */
class MicrometerMetricProducerExemplarTests {

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();

	private final Tracer tracer = this.tracerProvider.get("test");

	/** Built as Spring Boot builds it when a Prometheus SpanContext bean exists (the starter's). */
	private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
			new PrometheusRegistry(), Clock.SYSTEM, new OpenTelemetryExemplarSpanContext());

	@AfterEach
	void close() {
		this.tracerProvider.close();
		this.prometheus.close();
	}

	@Test
	void timerPointCarriesTraceIdSpanIdAndSecondsOfTheRecordingInASampledSpan() {
		Timer timer = requestTimer(this.prometheus);
		SpanContext span = recordInSpan(() -> timer.record(Duration.ofMillis(50)));
		HistogramPointData point = point(producer(() -> this.prometheus, ExemplarFilter.traceBased()),
				"http.server.request.duration");
		assertThat(point.getCount()).isEqualTo(1);
		assertThat(point.getExemplars()).singleElement().satisfies((exemplar) -> {
			assertThat(exemplar.getSpanContext().getTraceId()).isEqualTo(span.getTraceId());
			assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
			assertThat(exemplar.getSpanContext().isSampled()).isTrue();
			assertThat(((DoubleExemplarData) exemplar).getValue()).isCloseTo(0.05, within(1e-9));
			assertThat(exemplar.getFilteredAttributes().isEmpty()).isTrue();
			assertThat(exemplar.getEpochNanos()).isPositive();
		});
	}

	@Test
	void distributionSummaryPointCarriesTheValueInItsBaseUnit() {
		DistributionSummary summary = DistributionSummary.builder("http.server.response.body.size")
			.baseUnit("bytes")
			.tag("http.route", "/items")
			.serviceLevelObjectives(100, 1000, 10000)
			.register(this.prometheus);
		SpanContext span = recordInSpan(() -> summary.record(512));
		HistogramPointData point = point(producer(() -> this.prometheus, ExemplarFilter.traceBased()),
				"http.server.response.body.size");
		assertThat(point.getExemplars()).singleElement().satisfies((exemplar) -> {
			assertThat(exemplar.getSpanContext().getTraceId()).isEqualTo(span.getTraceId());
			assertThat(((DoubleExemplarData) exemplar).getValue()).isEqualTo(512.0);
		});
	}

	@Test
	void timerWithoutHistogramCarriesTheExemplarOfItsPrometheusSummary() {
		Timer timer = Timer.builder("adapter.call.duration").tag("adapter", "items").register(this.prometheus);
		SpanContext span = recordInSpan(() -> timer.record(Duration.ofMillis(20)));
		HistogramPointData point = point(producer(() -> this.prometheus, ExemplarFilter.traceBased()),
				"adapter.call.duration");
		assertThat(point.getBoundaries()).isEmpty();
		assertThat(point.getExemplars()).singleElement().satisfies((exemplar) -> {
			assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
			assertThat(((DoubleExemplarData) exemplar).getValue()).isCloseTo(0.02, within(1e-9));
		});
	}

	@Test
	void recordingOutsideAnySpanGivesNoExemplar() {
		Timer timer = requestTimer(this.prometheus);
		timer.record(Duration.ofMillis(50));
		HistogramPointData point = point(producer(() -> this.prometheus, ExemplarFilter.traceBased()),
				"http.server.request.duration");
		assertThat(point.getCount()).isEqualTo(1);
		assertThat(point.getExemplars()).isEmpty();
	}

	@Test
	void deltaPointCarriesOnlyExemplarsNewerThanThePreviousCollection() throws InterruptedException {
		Timer timer = requestTimer(this.prometheus);
		MicrometerMetricProducer delta = new MicrometerMetricProducer(() -> this.prometheus,
				AggregationTemporalitySelector.deltaPreferred(), (id) -> false, ExemplarFilter.traceBased());
		SpanContext first = recordInSpan(() -> timer.record(Duration.ofMillis(50)));
		assertThat(point(delta, "http.server.request.duration").getExemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(first.getSpanId()));
		// The Prometheus registry still holds the first exemplar; the delta point must not repeat it.
		HistogramPointData nothingNew = point(delta, "http.server.request.duration");
		assertThat(nothingNew.getCount()).isZero();
		assertThat(nothingNew.getExemplars()).isEmpty();
		// The Prometheus sampler takes at most one exemplar per 90 ms; another bucket, as its
		// exemplar in a bucket is kept for seconds.
		Thread.sleep(150);
		SpanContext second = recordInSpan(() -> timer.record(Duration.ofSeconds(2)));
		HistogramPointData next = point(delta, "http.server.request.duration");
		assertThat(next.getCount()).isEqualTo(1);
		assertThat(next.getExemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(second.getSpanId()));
	}

	@Test
	void cumulativePointKeepsCarryingTheExemplarsThePrometheusRegistryHolds() {
		Timer timer = requestTimer(this.prometheus);
		MicrometerMetricProducer cumulative = producer(() -> this.prometheus, ExemplarFilter.traceBased());
		SpanContext span = recordInSpan(() -> timer.record(Duration.ofMillis(50)));
		assertThat(point(cumulative, "http.server.request.duration").getExemplars()).hasSize(1);
		assertThat(point(cumulative, "http.server.request.duration").getExemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.getSpanContext().getSpanId()).isEqualTo(span.getSpanId()));
	}

	@Test
	void alwaysOffFilterLetsNoExemplarOut() {
		Timer timer = requestTimer(this.prometheus);
		recordInSpan(() -> timer.record(Duration.ofMillis(50)));
		HistogramPointData point = point(producer(() -> this.prometheus, ExemplarFilter.alwaysOff()),
				"http.server.request.duration");
		assertThat(point.getCount()).isEqualTo(1);
		assertThat(point.getExemplars()).isEmpty();
	}

	@Test
	void prometheusMemberOfACompositeRegistryProvidesTheExemplars() {
		CompositeMeterRegistry composite = new CompositeMeterRegistry();
		composite.add(new SimpleMeterRegistry());
		composite.add(this.prometheus);
		Timer timer = requestTimer(composite);
		SpanContext span = recordInSpan(() -> timer.record(Duration.ofMillis(50)));
		HistogramPointData point = point(producer(() -> composite, ExemplarFilter.traceBased()),
				"http.server.request.duration");
		assertThat(point.getExemplars()).singleElement()
			.satisfies((exemplar) -> assertThat(exemplar.getSpanContext().getTraceId()).isEqualTo(span.getTraceId()));
	}

	@Test
	void registryWithoutPrometheusMemberExportsPointsWithoutExemplars() {
		SimpleMeterRegistry simple = new SimpleMeterRegistry();
		Timer timer = requestTimer(simple);
		recordInSpan(() -> timer.record(Duration.ofMillis(50)));
		HistogramPointData point = point(producer(() -> simple, ExemplarFilter.traceBased()),
				"http.server.request.duration");
		assertThat(point.getCount()).isEqualTo(1);
		assertThat(point.getExemplars()).isEmpty();
	}

	private static Timer requestTimer(MeterRegistry registry) {
		return Timer.builder("http.server.request.duration")
			.tag("http.route", "/items/{id}")
			.tag("http.request.method", "GET")
			.serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1))
			.register(registry);
	}

	private SpanContext recordInSpan(Runnable recording) {
		Span span = this.tracer.spanBuilder("GET /items/{id}").startSpan();
		try (Scope scope = span.makeCurrent()) {
			recording.run();
		}
		finally {
			span.end();
		}
		return span.getSpanContext();
	}

	private static MicrometerMetricProducer producer(Supplier<MeterRegistry> registry, ExemplarFilter filter) {
		return new MicrometerMetricProducer(registry::get, AggregationTemporalitySelector.alwaysCumulative(),
				(id) -> false, filter);
	}

	private static HistogramPointData point(MicrometerMetricProducer producer, String name) {
		List<MetricData> metrics = List.copyOf(producer.produce(Resource.empty()));
		MetricData metric = metrics.stream().filter((data) -> data.getName().equals(name)).findFirst().orElseThrow();
		return metric.getHistogramData().getPoints().iterator().next();
	}

}
