package dev.openframe.telemetry.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code openframe.telemetry.http.client.propagate-session-to} not covering 127.0.0.1, real
 * outgoing calls from a running application to a local server carry the trace context and the
 * other baggage entries, but neither the session header nor the {@code session.id} baggage
 * entry. (With the default list, {@link OutgoingCallTests} shows 127.0.0.1 getting both.)
 */
class SessionPropagationTests {

	private static final Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();

	private static HttpServer downstream;

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
		app = RunningWebApp.start("openframe.telemetry.http.client.propagate-session-to=api.partner.example,*.corp");
	}

	@AfterAll
	static void stop() {
		app.close();
		downstream.stop(0);
	}

	@BeforeEach
	void clear() {
		downstreamHeaders.clear();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/downstream", "/downstream-webclient" })
	void hostOutsideTheListGetsTraceContextButNoSessionId(String endpoint) throws Exception {
		String target = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/next";
		String response = app.get(endpoint + "?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8),
				"x-session-id", "keep-me-inside", "baggage", "tenant=acme")
			.body();
		assertThat(response).isEqualTo("downstream ok");
		assertThat(downstreamHeaders.get("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
		assertThat(downstreamHeaders).doesNotContainKey("x-session-id");
		String baggage = URLDecoder.decode(downstreamHeaders.get("baggage"), StandardCharsets.UTF_8);
		assertThat(baggage).contains("tenant=acme").doesNotContain("session.id").doesNotContain("keep-me-inside");
		assertThat(downstreamHeaders.values()).noneMatch((value) -> value.contains("keep-me-inside"));
	}

}
