package dev.openframe.telemetry.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.tasks.internal.MdcCorrelation;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What Spring Boot's ECS encoder costs per event, writing to a file, with the request's MDC
 * ({@code session_id}, {@code trace_id}, {@code span_id}) set: {@code plainEvent} is a message
 * alone, the floor of any log line; {@code requestEvent} adds the six key-value pairs of the
 * per-request log event, which the ECS format nests by their dots. Each with Spring Boot's ECS
 * writer ({@code ecs}) and with the starter's {@link dev.openframe.telemetry.logging.EcsLogFormatter}
 * ({@code ours}), which writes the same bytes. {@code mdcCorrelation=on} wraps the file appender
 * in OpenTelemetry's Logback MDC appender as the starter does ({@code tasks.log-correlation}):
 * with the request's ids already in the MDC, the added cost of the request path's log lines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EcsLogBenchmark {

	private static final String LOGGER = "benchmark.ecs";

	@Param({ "ecs", "ours" })
	public String format;

	@Param({ "off", "on" })
	public String mdcCorrelation;

	private Logger logger;

	private MdcCorrelation correlation;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		EcsFileLogging.configure(LOGGER, true, this.format.equals("ours") ? EcsFileLogging.OURS : "ecs");
		this.logger = LoggerFactory.getLogger(LOGGER);
		if (this.mdcCorrelation.equals("on")) {
			this.correlation = new MdcCorrelation(List.of());
			this.correlation.afterPropertiesSet();
		}
		MDC.put("session_id", "3b241101-e2bb-4255-8caf-4136c566a962");
		MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
		MDC.put("span_id", "00f067aa0ba902b7");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.correlation != null) {
			this.correlation.destroy();
		}
		MDC.clear();
	}

	@Benchmark
	public void plainEvent() {
		this.logger.info("GET /items/1 -> 200 in 0 ms");
	}

	@Benchmark
	public void requestEvent() {
		this.logger.atInfo()
			.addKeyValue("http.request.method", "GET")
			.addKeyValue("http.route", "/items/{id}")
			.addKeyValue("url.path", "/items/1")
			.addKeyValue("http.response.status_code", 200)
			.addKeyValue("duration_ms", 0L)
			.addKeyValue("http.response.body.size", 26L)
			.log("GET /items/1 -> 200 in 0 ms");
	}

}
