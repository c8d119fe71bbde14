package dev.openframe.telemetry.web;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

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
 * An outgoing call that fails before any response (nothing listens on the port) gives a CLIENT
 * span whose {@code error.type} is the fully qualified class name of the exception.
 */
class OutgoingCallErrorTests {

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

	@Test
	void restClientConnectionFailureNamesTheExceptionClass() throws Exception {
		assertThat(failedClientSpan("/downstream", "refused-rest-client")).isEqualTo("java.net.ConnectException");
	}

	@Test
	void webClientConnectionFailureNamesTheExceptionClass() throws Exception {
		assertThat(failedClientSpan("/downstream-webclient", "refused-web-client"))
			.isEqualTo("org.springframework.web.reactive.function.client.WebClientRequestException");
	}

	private static String failedClientSpan(String endpoint, String sessionId) throws Exception {
		String target;
		try (ServerSocket socket = new ServerSocket(0)) {
			target = "http://127.0.0.1:" + socket.getLocalPort() + "/next";
		}
		assertThat(app.get(endpoint + "?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8), "x-session-id",
				sessionId)
			.statusCode()).isEqualTo(500);
		Span server = awaitSpan((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
				&& sessionId.equals(attribute(span.getAttributesList(), "session.id")));
		// The starter's span (with url.full), not one Micrometer Tracing may add for the same call.
		Span client = awaitSpan((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT
				&& span.getTraceId().equals(server.getTraceId())
				&& attribute(span.getAttributesList(), "url.full") != null);
		assertThat(client.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		return attribute(client.getAttributesList(), "error.type");
	}

	private static Span awaitSpan(Predicate<Span> predicate) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> receiver.spans().stream().filter(predicate).findFirst().orElse(null), Objects::nonNull);
	}

}
