package dev.openframe.telemetry.web;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-request log event as an application's console shows it, in ECS JSON and plain text.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void ecsFormatWritesOneJsonLineWithAllFields(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start("logging.structured.format.console=ecs")) {
			app.get("/items/5?secret=hunter2", "x-session-id", "json-session",
					"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
			JsonNode event = requestEvent(output, "json-session");
			assertThat(event.path("log").path("level").asText()).isEqualTo("INFO");
			assertThat(event.path("http").path("request").path("method").asText()).isEqualTo("GET");
			assertThat(event.path("http").path("route").asText()).isEqualTo("/items/{id}");
			assertThat(event.path("http").path("response").path("status_code").asInt()).isEqualTo(200);
			assertThat(event.path("http").path("response").path("body").path("size").asLong()).isPositive();
			assertThat(event.path("url").path("path").asText()).isEqualTo("/items/5");
			assertThat(event.path("duration_ms").isNumber()).isTrue();
			assertThat(event.path("trace_id").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
			assertThat(event.path("span_id").asText()).hasSize(16);
			assertThat(event.toString()).doesNotContain("hunter2");
			// The application's own line during the request carries the same ids.
			JsonNode applicationLine = jsonLines(output).stream()
				.filter((line) -> line.path("message").asText().equals("Loading item 5"))
				.findFirst()
				.orElseThrow();
			assertThat(applicationLine.path("session_id").asText()).isEqualTo("json-session");
			assertThat(applicationLine.path("trace_id").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		}
	}

	@Test
	void serverErrorsAndExceptionsAreWarnings(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start("logging.structured.format.console=ecs")) {
			app.get("/status/503", "x-session-id", "warn-503");
			app.get("/boom", "x-session-id", "warn-boom");
			app.get("/status/404", "x-session-id", "info-404");
			assertThat(requestEvent(output, "warn-503").path("log").path("level").asText()).isEqualTo("WARN");
			assertThat(requestEvent(output, "warn-boom").path("log").path("level").asText()).isEqualTo("WARN");
			assertThat(requestEvent(output, "info-404").path("log").path("level").asText()).isEqualTo("INFO");
		}
	}

	@Test
	void bodySizeIsWhatTheClientReceivedAfterReset(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start("logging.structured.format.console=ecs")) {
			String body = app.get("/reset-after-write", "x-session-id", "reset-size").body();
			assertThat(body).isEqualTo("after reset");
			assertThat(requestEvent(output, "reset-size").path("http").path("response").path("body").path("size")
				.asLong()).isEqualTo(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
		}
	}

	@Test
	void plainTextLineCannotBeSplitByHostilePath(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			app.get("/nowhere/x%0D%0AFORGED%20INFO%20line", "x-session-id", "plain-session");
		}
		// Read once the app has stopped: everything it logged is on the console by then.
		List<String> lines = output.getOut().lines().toList();
		assertThat(lines).filteredOn((line) -> line.contains("dev.openframe.telemetry.http"))
			.anySatisfy((line) -> assertThat(line).contains("GET /nowhere/x%0D%0AFORGED%20INFO%20line -> 404"));
		assertThat(lines).noneMatch((line) -> line.startsWith("FORGED"));
	}

	@Test
	void disabledByProperty(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.http.log.enabled=false")) {
			app.get("/items/1", "x-session-id", "log-off");
			app.get("/status/500", "x-session-id", "log-off-500");
		}
		assertThat(output.getOut()).doesNotContain("GET /items/1 -> 200").doesNotContain("GET /status/500 -> 500");
	}

	@Test
	void loggerLevelTurnsInfoEventsOff(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start("logging.level.dev.openframe.telemetry.http=warn")) {
			app.get("/items/1");
			app.get("/status/500");
		}
		assertThat(output.getOut()).doesNotContain("GET /items/1 -> 200").contains("GET /status/500 -> 500");
	}

	@Test
	void excludedPathsAreNotLogged(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			app.get("/actuator/health");
		}
		assertThat(output.getOut()).doesNotContain("GET /actuator/health ->");
	}

	/**
	 * The one request event of a session. Waits for it: the client can have the whole response
	 * (the body is flushed with its length) before the filter writes the event.
	 */
	private static JsonNode requestEvent(CapturedOutput output, String sessionId) {
		return await().atMost(Duration.ofSeconds(5))
			.ignoreExceptionsMatching((ex) -> String.valueOf(ex.getMessage()).startsWith("no request event"))
			.until(() -> onlyRequestEvent(output, sessionId), Objects::nonNull);
	}

	private static JsonNode onlyRequestEvent(CapturedOutput output, String sessionId) {
		return jsonLines(output).stream()
			.filter((line) -> line.path("log").path("logger").asText().equals("dev.openframe.telemetry.http"))
			.filter((line) -> line.path("session_id").asText().equals(sessionId))
			.reduce((first, second) -> {
				throw new AssertionError("more than one request event for " + sessionId);
			})
			.orElseThrow(() -> new AssertionError("no request event for " + sessionId));
	}

	private static List<JsonNode> jsonLines(CapturedOutput output) {
		return output.getOut().lines().filter((line) -> line.startsWith("{")).map(json::readTree).toList();
	}

}
