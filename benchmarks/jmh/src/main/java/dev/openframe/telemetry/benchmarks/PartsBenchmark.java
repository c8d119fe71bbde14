package dev.openframe.telemetry.benchmarks;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.web.internal.SessionIds;
import io.opentelemetry.api.trace.Tracer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The parts of a request's cost: session id parsing and making, and a span's start and end
 * through to the batch processor's queue (sampled and sampled out).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PartsBenchmark {

	private final List<String> validHeader = List.of("3b241101-e2bb-4255-8caf-4136c566a962");

	private BenchmarkTelemetry sampled;

	private BenchmarkTelemetry sampledOut;

	private Tracer sampledTracer;

	private Tracer sampledOutTracer;

	@Setup(Level.Trial)
	public void setUp() {
		this.sampled = new BenchmarkTelemetry(true);
		this.sampledOut = new BenchmarkTelemetry(false);
		this.sampledTracer = this.sampled.openTelemetry().getTracer("benchmark");
		this.sampledOutTracer = this.sampledOut.openTelemetry().getTracer("benchmark");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.sampled.close();
		this.sampledOut.close();
	}

	@Benchmark
	public String sessionIdKept() {
		Enumeration<String> values = Collections.enumeration(this.validHeader);
		return SessionIds.resolve(values);
	}

	@Benchmark
	public String sessionIdMade() {
		return SessionIds.newId();
	}

	@Benchmark
	public void spanSampled() {
		this.sampledTracer.spanBuilder("GET /items/{id}").startSpan().end();
	}

	@Benchmark
	public void spanSampledOut() {
		this.sampledOutTracer.spanBuilder("GET /items/{id}").startSpan().end();
	}

}
