package dev.openframe.telemetry.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.testsupport.PrometheusText;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each Spring MVC async style is measured to its real end: the span, the duration and the
 * active count close when the async request completes, not when the first dispatch returns.
 */
class AsyncRequestTests {

	private static OtlpReceiver receiver;

	private static RunningWebApp app;

	@BeforeAll
	static void start() {
		receiver = OtlpReceiver.start();
		app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint());
	}

	@AfterAll
	static void stop() {
		app.close();
		receiver.close();
	}

	@ParameterizedTest
	@CsvSource({ "/callable, callable, 150", "/deferred, deferred, 150", "/future, future, 150",
			"/sse, event-2, 100", "/stream?megabytes=1, '', 0" })
	void spanAndMetricsEndWhenAsyncRequestCompletes(String path, String bodyPart, long minimumMillis)
			throws Exception {
		String sessionId = "async" + path.replaceAll("[^a-z]", "-");
		HttpResponse<String> response = app.get(path, "x-session-id", sessionId);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains(bodyPart);
		Span span = awaitSpan(sessionId);
		String route = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
		assertThat(span.getName()).isEqualTo("GET " + route);
		assertThat(attribute(span.getAttributesList(), "http.response.status_code")).isEqualTo("200");
		long durationMillis = (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000_000;
		assertThat(durationMillis).isGreaterThanOrEqualTo(minimumMillis);
		assertThat(Long.parseLong(attribute(span.getAttributesList(), "http.response.body.size")))
			.isEqualTo(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
		PrometheusText metrics = app.prometheus();
		assertThat(metrics.samples("http_server_request_duration_seconds_count"))
			.anyMatch((sample) -> sample.labels().get("http_route").equals(route) && sample.value() >= 1);
		assertThat(metrics.samples("http_server_request_duration_seconds_sum")
			.stream()
			.filter((sample) -> sample.labels().get("http_route").equals(route))
			.mapToDouble(PrometheusText.Sample::value)
			.sum()).isGreaterThanOrEqualTo(minimumMillis / 1000.0);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(app.prometheus()
			.samples("http_server_active_requests")
			.stream()
			.mapToDouble(PrometheusText.Sample::value)
			.sum()).isZero());
	}

	@Test
	void logLinesOfAsyncWorkCarryTheRequestsTrace() throws Exception {
		app.get("/future", "x-session-id", "async-mdc");
		Span span = awaitSpan("async-mdc");
		// The future's task ran on the application task executor; its log line is in the request's trace.
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(receiver.logRecords())
			.filteredOn((log) -> log.getBody().getStringValue().equals("Completing future"))
			.anySatisfy((log) -> {
				assertThat(log.getTraceId()).isEqualTo(span.getTraceId());
				assertThat(attribute(log.getAttributesList(), "session_id")).isEqualTo("async-mdc");
			}));
	}

	@Test
	void timedOutAsyncRequestIsRecordedAsServerError() throws Exception {
		HttpResponse<String> response = app.get("/deferred-timeout", "x-session-id", "async-timeout");
		assertThat(response.statusCode()).isEqualTo(503);
		Span span = awaitSpan("async-timeout");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(span.getAttributesList(), "http.response.status_code")).isEqualTo("503");
		assertThat(attribute(span.getAttributesList(), "error.type")).isNotBlank();
	}

	@Test
	void failedAsyncRequestIsRecordedWithItsException() throws Exception {
		HttpResponse<String> response = app.get("/future-failure", "x-session-id", "async-failure");
		assertThat(response.statusCode()).isEqualTo(500);
		Span span = awaitSpan("async-failure");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(span.getAttributesList(), "error.type")).isEqualTo("java.lang.IllegalStateException");
	}

	private static Span awaitSpan(String sessionId) {
		return await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Span> matches = receiver.spans()
				.stream()
				.filter((span) -> sessionId.equals(attribute(span.getAttributesList(), "session.id")))
				.toList();
			return matches.isEmpty() ? null : matches.get(0);
		}, Objects::nonNull);
	}

}
