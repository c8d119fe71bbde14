package dev.openframe.telemetry.web;

import java.time.Duration;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.logs.v1.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The request log event reaches the OTLP log export only when asked for, since the server span
 * already carries its fields; the application's own lines always do.
 */
class RequestLogExportTests {

	private final OtlpReceiver receiver = OtlpReceiver.start();

	@AfterEach
	void stop() {
		this.receiver.close();
	}

	@Test
	void requestLogEventIsNotExportedByDefault() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint())) {
			app.get("/items/77", "x-session-id", "export-default");
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(this.receiver.logRecords())
				.anySatisfy((log) -> assertThat(log.getBody().getStringValue()).isEqualTo("Loading item 77")));
			assertThat(this.receiver.logRecords()).noneMatch((log) -> log.getBody().getStringValue().startsWith("GET /items/77"));
		}
	}

	@Test
	void requestLogEventIsExportedOnRequest() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"openframe.telemetry.http.log.export=true")) {
			app.get("/items/78", "x-session-id", "export-on");
			LogRecord event = await().atMost(Duration.ofSeconds(15)).until(() -> this.receiver.logRecords()
				.stream()
				.filter((log) -> log.getBody().getStringValue().startsWith("GET /items/78 -> 200"))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull);
			assertThat(attribute(event.getAttributesList(), "http.route")).isEqualTo("/items/{id}");
			assertThat(attribute(event.getAttributesList(), "session_id")).isEqualTo("export-on");
			assertThat(event.getTraceId().size()).isEqualTo(16);
		}
	}

}
