package dev.openframe.telemetry.web;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server spans as a real OTLP receiver gets them from a real Tomcat.
 */
class ServerSpanTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static OtlpReceiver receiver;

	private static RunningWebApp app;

	@BeforeAll
	static void start() {
		receiver = OtlpReceiver.start();
		app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
				"openframe.telemetry.metrics.export-interval=500ms");
	}

	@AfterAll
	static void stop() {
		app.close();
		receiver.close();
	}

	@Test
	void continuesIncomingTrace() throws Exception {
		app.get("/items/42", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01", "tracestate", "vendor=abc",
				"x-session-id", "trace-session");
		Span span = awaitSpan((candidate) -> hex(candidate.getTraceId().toByteArray()).equals(TRACE_ID));
		assertThat(span.getName()).isEqualTo("GET /items/{id}");
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
		assertThat(hex(span.getParentSpanId().toByteArray())).isEqualTo("00f067aa0ba902b7");
		assertThat(span.getTraceState()).isEqualTo("vendor=abc");
		assertThat(attribute(span.getAttributesList(), "http.request.method")).isEqualTo("GET");
		assertThat(attribute(span.getAttributesList(), "http.route")).isEqualTo("/items/{id}");
		assertThat(attribute(span.getAttributesList(), "url.path")).isEqualTo("/items/42");
		assertThat(attribute(span.getAttributesList(), "url.scheme")).isEqualTo("http");
		assertThat(attribute(span.getAttributesList(), "http.response.status_code")).isEqualTo("200");
		assertThat(attribute(span.getAttributesList(), "server.port")).isEqualTo(Integer.toString(app.port()));
		assertThat(attribute(span.getAttributesList(), "session.id")).isEqualTo("trace-session");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void malformedTraceparentStartsNewTrace() throws Exception {
		assertThat(app.get("/items/7", "traceparent", "00-not-a-trace-01", "x-session-id", "malformed").statusCode())
			.isEqualTo(200);
		Span span = awaitSpan((candidate) -> "malformed".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(span.getParentSpanId().isEmpty()).isTrue();
		assertThat(span.getTraceId().size()).isEqualTo(16);
	}

	@Test
	void unmatchedPathIsNamedAfterMethodOnly() throws Exception {
		app.get("/nowhere/at/all", "x-session-id", "unmatched");
		Span span = awaitSpan((candidate) -> "unmatched".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(span.getName()).isEqualTo("GET");
		assertThat(attribute(span.getAttributesList(), "http.route")).isEqualTo("UNMATCHED");
		assertThat(attribute(span.getAttributesList(), "http.response.status_code")).isEqualTo("404");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void exceptionMarksSpanAsErrorAndRecordsIt() throws Exception {
		app.get("/boom", "x-session-id", "boom");
		Span span = awaitSpan((candidate) -> "boom".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(span.getName()).isEqualTo("GET /boom");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(span.getAttributesList(), "error.type")).isEqualTo("java.lang.IllegalStateException");
		assertThat(attribute(span.getAttributesList(), "http.response.status_code")).isEqualTo("500");
		assertThat(span.getEventsList()).anySatisfy((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(attribute(event.getAttributesList(), "exception.message")).isEqualTo("boom");
		});
	}

	@Test
	void errorTypeIsTheExceptionsFullyQualifiedClassName() throws Exception {
		app.get("/boom/anonymous", "x-session-id", "boom-anonymous");
		app.get("/boom/nested", "x-session-id", "boom-nested");
		String anonymous = "dev.openframe.telemetry.web.WebTestApplication$TestController$1";
		String nested = "dev.openframe.telemetry.web.WebTestApplication$NestedFailure";
		Span anonymousSpan = awaitSpan(
				(candidate) -> "boom-anonymous".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(attribute(anonymousSpan.getAttributesList(), "error.type")).isEqualTo(anonymous);
		Span nestedSpan = awaitSpan(
				(candidate) -> "boom-nested".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(attribute(nestedSpan.getAttributesList(), "error.type")).isEqualTo(nested);
		Map<String, String> errorTypes = app.prometheus()
			.samples("http_server_request_duration_seconds_count")
			.stream()
			.filter((sample) -> sample.labels().get("http_route").startsWith("/boom/"))
			.collect(Collectors.toMap((sample) -> sample.labels().get("http_route"),
					(sample) -> sample.labels().get("error_type")));
		assertThat(errorTypes).containsExactlyInAnyOrderEntriesOf(
				Map.of("/boom/anonymous", anonymous, "/boom/nested", nested));
	}

	@Test
	void serverErrorStatusMarksSpanAsError() throws Exception {
		app.get("/status/502", "x-session-id", "bad-gateway");
		Span span = awaitSpan((candidate) -> "bad-gateway".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(span.getName()).isEqualTo("GET /status/{code}");
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(span.getAttributesList(), "error.type")).isEqualTo("502");
	}

	@Test
	void clientErrorLeavesStatusUnset() throws Exception {
		app.get("/status/409", "x-session-id", "conflict");
		Span span = awaitSpan((candidate) -> "conflict".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
		assertThat(attribute(span.getAttributesList(), "error.type")).isNull();
	}

	@Test
	void excludedPathHasNoSpan() throws Exception {
		app.get("/actuator/health", "x-session-id", "excluded");
		app.get("/items/1", "x-session-id", "after-excluded");
		awaitSpan((candidate) -> "after-excluded".equals(attribute(candidate.getAttributesList(), "session.id")));
		assertThat(receiver.spans()).noneMatch(
				(span) -> "excluded".equals(attribute(span.getAttributesList(), "session.id")));
	}

	@Test
	void exportedDurationHistogramCarriesTheServerSpanAsExemplar() throws Exception {
		// A route no other test here requests: its histogram holds this request's exemplar only.
		app.get("/text", "x-session-id", "exemplar");
		Span span = awaitSpan((candidate) -> "exemplar".equals(attribute(candidate.getAttributesList(), "session.id")));
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(receiver.metrics())
			.filteredOn((metric) -> metric.getName().equals("http.server.request.duration"))
			.flatMap((metric) -> metric.getHistogram().getDataPointsList())
			.filteredOn((point) -> "/text".equals(attribute(point.getAttributesList(), "http.route")))
			.anySatisfy((point) -> assertThat(point.getExemplarsList()).singleElement().satisfies((exemplar) -> {
				assertThat(hex(exemplar.getTraceId().toByteArray())).isEqualTo(hex(span.getTraceId().toByteArray()));
				assertThat(hex(exemplar.getSpanId().toByteArray())).isEqualTo(hex(span.getSpanId().toByteArray()));
				assertThat(exemplar.getAsDouble()).isPositive().isLessThan(point.getSum() + 1e-9);
			})));
	}

	private static Span awaitSpan(java.util.function.Predicate<Span> predicate) {
		return await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Span> matches = receiver.spans().stream().filter(predicate).toList();
			return matches.isEmpty() ? null : matches.get(0);
		}, java.util.Objects::nonNull);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
