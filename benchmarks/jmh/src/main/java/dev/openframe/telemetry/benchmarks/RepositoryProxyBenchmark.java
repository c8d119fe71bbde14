package dev.openframe.telemetry.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.repository.internal.AdapterErrorTranslator;
import dev.openframe.telemetry.repository.internal.DefaultAdapterErrorMappers;
import dev.openframe.telemetry.repository.internal.RepositoryTracingInterceptor;
import io.opentelemetry.api.trace.Tracer;
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

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.stereotype.Repository;

/**
 * A call of a trivial {@code @Repository} method through the tracing proxy (span to the batch
 * queue, timer, no failure) against the same call on the bare bean ({@code direct}) and through a
 * Spring AOP proxy with no advice ({@code emptyProxy}), which isolates the interceptor's own cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RepositoryProxyBenchmark {

	@Param({ "direct", "emptyProxy", "traced" })
	public String setup;

	private BenchmarkTelemetry telemetry;

	private ItemRepository repository;

	private long id;

	@Setup(Level.Trial)
	public void setUp() {
		this.telemetry = new BenchmarkTelemetry(true);
		ItemRepository target = new ItemRepository();
		if (this.setup.equals("direct")) {
			this.repository = target;
			return;
		}
		ProxyFactory proxyFactory = new ProxyFactory(target);
		proxyFactory.setProxyTargetClass(true);
		if (this.setup.equals("traced")) {
			Tracer tracer = this.telemetry.openTelemetry().getTracer("benchmark");
			AdapterErrorTranslator translator = new AdapterErrorTranslator(DefaultAdapterErrorMappers.all());
			proxyFactory.addAdvice(new RepositoryTracingInterceptor("item", () -> "h2", () -> tracer,
					() -> this.telemetry.registry, () -> translator));
		}
		this.repository = (ItemRepository) proxyFactory.getProxy();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.telemetry.close();
	}

	@Benchmark
	public String findById() {
		return this.repository.findById(this.id++ & 1023);
	}

	/** A repository whose work costs next to nothing. */
	@Repository
	public static class ItemRepository {

		private static final List<String> NAMES = List.of("keyboard", "mouse");

		public String findById(long id) {
			return NAMES.get((int) (id & 1));
		}

	}

}
