package dev.openframe.telemetry.web;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code openframe.telemetry.metrics.max-tag-sets} small, a running application driven
 * through more distinct method, route and status combinations than that keeps at most that many
 * series per request meter, warns once per meter, and still serves and traces every request.
 */
@ExtendWith(OutputCaptureExtension.class)
class MeterCardinalityTests {

	private static final int CAP = 5;

	@Test
	void requestMetersStopAtTheCapWithOneWarningEach(CapturedOutput output) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start();
				RunningWebApp app = RunningWebApp.start("openframe.telemetry.metrics.max-tag-sets=" + CAP,
						"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint())) {
			Set<String> sessions = new HashSet<>();
			for (int status = 400; status < 412; status++) {
				String session = "cap-" + status;
				sessions.add(session);
				assertThat(app.get("/status/" + status, "x-session-id", session).statusCode()).isEqualTo(status);
			}
			assertThat(app.get("/items/7", "x-session-id", "cap-items").statusCode()).isEqualTo(200);
			assertThat(app.get("/text", "x-session-id", "cap-text").statusCode()).isEqualTo(200);
			sessions.add("cap-items");
			sessions.add("cap-text");
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			assertThat(registry.find(HttpServerMetrics.DURATION).timers()).hasSize(CAP);
			assertThat(registry.find(HttpServerMetrics.BODY_SIZE).summaries()).hasSize(CAP);
			assertThat(app.prometheus().samples("http_server_request_duration_seconds_count")).hasSize(CAP);
			// Every request past the cap was still traced.
			List<Span> spans = await().atMost(Duration.ofSeconds(15))
				.until(() -> receiver.spans()
					.stream()
					.filter((span) -> sessions.contains(OtlpReceiver.attribute(span.getAttributesList(), "session.id")))
					.toList(), (found) -> found.size() == sessions.size());
			assertThat(spans).extracting(Span::getName).contains("GET /status/{code}", "GET /items/{id}", "GET /text");
		}
		assertThat(warnings(output, HttpServerMetrics.DURATION)).hasSize(1);
		assertThat(warnings(output, HttpServerMetrics.BODY_SIZE)).hasSize(1);
	}

	private static List<String> warnings(CapturedOutput output, String meter) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains("Meter '" + meter + "' reached " + CAP))
			.toList();
	}

}
