package dev.openframe.telemetry.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.otel.internal.metrics.MicrometerMetricProducer;
import dev.openframe.telemetry.web.internal.OpenTelemetryExemplarSpanContext;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One OTLP metric collection of Micrometer meters (not on the request path: once per export
 * interval): 60 request-duration timers with the OpenTelemetry buckets, each recorded in a sampled
 * span so that the Prometheus registry holds exemplars, plus 100 counters. {@code trace_based}
 * reads the exemplars (one Prometheus snapshot per collection), {@code always_off} does not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricCollectionBenchmark {

	private static final Duration[] BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
			Duration.ofMillis(50), Duration.ofMillis(75), Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofMillis(7500), Duration.ofSeconds(10) };

	@Param({ "trace_based", "always_off" })
	public String exemplars;

	private SdkTracerProvider tracerProvider;

	private PrometheusMeterRegistry registry;

	private MicrometerMetricProducer producer;

	@Setup(Level.Trial)
	public void setUp() {
		this.tracerProvider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
		Tracer tracer = this.tracerProvider.get("benchmark");
		this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), Clock.SYSTEM,
				new OpenTelemetryExemplarSpanContext());
		for (int route = 0; route < 20; route++) {
			for (int status : new int[] { 200, 404, 500 }) {
				Timer timer = Timer.builder("http.server.request.duration")
					.tag("http.route", "/route" + route + "/{id}")
					.tag("http.response.status_code", Integer.toString(status))
					.serviceLevelObjectives(BUCKETS)
					.register(this.registry);
				Span span = tracer.spanBuilder("GET").startSpan();
				try (io.opentelemetry.context.Scope scope = span.makeCurrent()) {
					timer.record(Duration.ofMillis(3 + route * 7L));
				}
				finally {
					span.end();
				}
			}
		}
		for (int i = 0; i < 100; i++) {
			Counter.builder("benchmark.counter").tag("index", Integer.toString(i)).register(this.registry).increment();
		}
		ExemplarFilter filter = "always_off".equals(this.exemplars) ? ExemplarFilter.alwaysOff()
				: ExemplarFilter.traceBased();
		this.producer = new MicrometerMetricProducer(() -> this.registry,
				AggregationTemporalitySelector.alwaysCumulative(), (id) -> false, filter);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.registry.close();
		this.tracerProvider.close();
	}

	@Benchmark
	public Collection<MetricData> collect() {
		return this.producer.produce(Resource.empty());
	}

}
