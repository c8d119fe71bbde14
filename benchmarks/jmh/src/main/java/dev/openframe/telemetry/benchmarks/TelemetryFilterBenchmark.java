package dev.openframe.telemetry.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.web.TelemetryFilter;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import dev.openframe.telemetry.web.internal.PathExclusions;
import dev.openframe.telemetry.web.internal.RequestLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
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
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * One request through the {@link TelemetryFilter} around a trivial servlet that matches route
 * {@code /items/{id}} and writes a small JSON body, against the same request without the filter.
 * Set-ups: {@code all} (span sampled, metrics, log event to an ECS JSON file by Spring Boot's
 * {@code ecs} writer), {@code allOurEcs} (the same with the starter's {@code EcsLogFormatter}),
 * {@code noLog}, {@code sampledOut} (log event on), {@code disabled} (no filter: the baseline).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryFilterBenchmark {

	private static final byte[] BODY = "{\"id\":1,\"name\":\"keyboard\"}".getBytes();

	private static final String PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	@Param({ "disabled", "all", "allOurEcs", "noLog", "sampledOut" })
	public String setup;

	private BenchmarkTelemetry telemetry;

	private TelemetryFilter filter;

	private final FilterChain servlet = (request, response) -> {
		request.setAttribute(PATTERN, "/items/{id}");
		response.setContentType("application/json");
		response.getOutputStream().write(BODY);
	};

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		EcsFileLogging.configure(RequestLog.LOGGER_NAME, !this.setup.equals("noLog"),
				this.setup.equals("allOurEcs") ? EcsFileLogging.OURS : "ecs");
		this.telemetry = new BenchmarkTelemetry(!this.setup.equals("sampledOut"));
		if (!this.setup.equals("disabled")) {
			this.filter = new TelemetryFilter(this.telemetry.openTelemetry(),
					new HttpServerMetrics(this.telemetry.registry), "x-session-id",
					new PathExclusions(List.of("/actuator/**")), true);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.telemetry.close();
	}

	@Benchmark
	public void request(Blackhole blackhole) throws ServletException, IOException {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/1");
		request.addHeader("x-session-id", "session-1234");
		request.addHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		MockHttpServletResponse response = new MockHttpServletResponse();
		if (this.filter != null) {
			this.filter.doFilter(request, response, this.servlet);
		}
		else {
			this.servlet.doFilter(request, response);
		}
		blackhole.consume(response.getStatus());
	}

}
