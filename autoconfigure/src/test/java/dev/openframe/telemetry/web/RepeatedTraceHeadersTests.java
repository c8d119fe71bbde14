package dev.openframe.telemetry.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.testsupport.RawHttp;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Trace headers an HTTP client repeats, sent byte for byte: W3C Trace Context says repeated
 * {@code traceparent} headers start a new trace, and every {@code baggage} header counts.
 */
class RepeatedTraceHeadersTests {

	private static final Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();

	private static OtlpReceiver receiver;

	private static HttpServer downstream;

	private static RunningWebApp app;

	@BeforeAll
	static void start() throws Exception {
		downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		downstream.createContext("/", (exchange) -> {
			exchange.getRequestHeaders()
				.forEach((name, values) -> downstreamHeaders.put(name.toLowerCase(), String.join("\n", values)));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
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
	void repeatedTraceparentHeadersStartANewTrace() throws Exception {
		String first = "0af7651916cd43dd8448eb211c80319c";
		String second = "4bf92f3577b34da6a3ce929d0e0e4736";
		RawHttp.Response response = RawHttp.get(app.port(), "/items/1", header("x-session-id", "two-parents"),
				header("traceparent", "00-" + first + "-b7ad6b7169203331-01"),
				header("traceparent", "00-" + second + "-00f067aa0ba902b7-01"));
		assertThat(response.status()).isEqualTo(200);
		Span server = await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Span> matches = receiver.spans()
				.stream()
				.filter((span) -> "two-parents".equals(attribute(span.getAttributesList(), "session.id")))
				.toList();
			return matches.isEmpty() ? null : matches.get(0);
		}, Objects::nonNull);
		assertThat(HexFormat.of().formatHex(server.getTraceId().toByteArray())).matches("[0-9a-f]{32}")
			.isNotIn(first, second);
		assertThat(server.getParentSpanId().isEmpty()).isTrue();
	}

	@Test
	void everyBaggageHeaderReachesTheOutgoingCall() throws Exception {
		downstreamHeaders.clear();
		String target = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/next";
		RawHttp.Response response = RawHttp.get(app.port(),
				"/downstream?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8),
				header("x-session-id", "two-baggage"), header("baggage", "tenant=acme"),
				header("baggage", "region=eu,tier=gold"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(URLDecoder.decode(downstreamHeaders.get("baggage"), StandardCharsets.UTF_8).split(","))
			.containsExactlyInAnyOrder("tenant=acme", "region=eu", "tier=gold", "session.id=two-baggage");
	}

	private static byte[] header(String name, String value) {
		return (name + ": " + value).getBytes(StandardCharsets.ISO_8859_1);
	}

}
