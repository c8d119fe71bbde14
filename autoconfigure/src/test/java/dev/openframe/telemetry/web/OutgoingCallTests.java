package dev.openframe.telemetry.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code RestClient} call made while handling a request reaches a second local server with the
 * trace, the baggage and the session header, and becomes a CLIENT span of the same trace.
 */
class OutgoingCallTests {

	private static final Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();

	private static HttpServer downstream;

	private static OtlpReceiver receiver;

	private static RunningWebApp app;

	@BeforeAll
	static void start() throws IOException {
		downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		downstream.createContext("/", (exchange) -> {
			exchange.getRequestHeaders().forEach((name, values) -> downstreamHeaders.put(name.toLowerCase(), values.get(0)));
			byte[] body = "downstream ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		downstream.start();
		receiver = OtlpReceiver.start();
		app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint());
	}

	@AfterAll
	static void stop() {
		app.close();
		receiver.close();
		downstream.stop(0);
	}

	@Test
	void restClientCallCarriesTraceBaggageAndSession() throws Exception {
		assertCallCarriesTraceBaggageAndSession("/downstream");
	}

	@Test
	void webClientCallCarriesTraceBaggageAndSession() throws Exception {
		assertCallCarriesTraceBaggageAndSession("/downstream-webclient");
	}

	private void assertCallCarriesTraceBaggageAndSession(String endpoint) throws Exception {
		downstreamHeaders.clear();
		String target = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/next?x=1";
		String response = app.get(endpoint + "?url=" + java.net.URLEncoder.encode(target, StandardCharsets.UTF_8),
				"x-session-id", "follow-me", "baggage", "tenant=acme")
			.body();
		assertThat(response).isEqualTo("downstream ok");
		assertThat(downstreamHeaders).containsEntry("x-session-id", "follow-me");
		String traceparent = downstreamHeaders.get("traceparent");
		// Sampled (and, from SDK 1.62 on, the W3C "random trace id" flag).
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
		assertThat(URLDecoder.decode(downstreamHeaders.get("baggage"), StandardCharsets.UTF_8))
			.contains("session.id=follow-me")
			.contains("tenant=acme");
		String traceId = traceparent.substring(3, 35);
		String clientSpanId = traceparent.substring(36, 52);
		List<Span> trace = await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Span> spans = receiver.spans()
				.stream()
				.filter((span) -> java.util.HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId))
				.toList();
			return (spans.size() >= 2) ? spans : null;
		}, Objects::nonNull);
		Span server = trace.stream().filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst()
			.orElseThrow();
		Span client = trace.stream().filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst()
			.orElseThrow();
		assertThat(java.util.HexFormat.of().formatHex(client.getSpanId().toByteArray())).isEqualTo(clientSpanId);
		assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(client.getName()).isEqualTo("GET");
		assertThat(attribute(client.getAttributesList(), "url.full")).isEqualTo(target.substring(0, target.indexOf('?')));
		assertThat(attribute(client.getAttributesList(), "http.response.status_code")).isEqualTo("200");
	}

}
