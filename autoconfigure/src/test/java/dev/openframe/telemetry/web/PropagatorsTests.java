package dev.openframe.telemetry.web;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code openframe.telemetry.propagators} decides which headers a request's trace is read from and
 * which headers outgoing calls carry: B3 in and out when configured, nothing with {@code none}.
 */
class PropagatorsTests {

	private static final String TRACE_ID = "463ac35c9f6413ad48485a3953bb6124";

	private static final String PARENT_SPAN_ID = "0020000000000001";

	private static final Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();

	private static HttpServer downstream;

	private static OtlpReceiver receiver;

	@BeforeAll
	static void start() throws IOException {
		downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		downstream.createContext("/", (exchange) -> {
			downstreamHeaders.clear();
			exchange.getRequestHeaders().forEach((name, values) -> downstreamHeaders.put(name.toLowerCase(), values.get(0)));
			byte[] body = "downstream ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		downstream.start();
		receiver = OtlpReceiver.start();
	}

	@AfterAll
	static void stop() {
		receiver.close();
		downstream.stop(0);
	}

	@Test
	void b3SingleHeaderContinuesTheCallersTraceAndGoesToTheNextService() throws Exception {
		try (RunningWebApp app = start("b3")) {
			String b3 = TRACE_ID + "-" + PARENT_SPAN_ID + "-1";
			assertThat(callDownstream(app, "/downstream", "/next-b3", "b3", b3, "traceparent",
					"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
				.isEqualTo("downstream ok");
			List<Span> trace = awaitTrace(TRACE_ID);
			Span server = kind(trace, Span.SpanKind.SPAN_KIND_SERVER);
			Span client = kind(trace, Span.SpanKind.SPAN_KIND_CLIENT);
			assertThat(hex(server.getParentSpanId().toByteArray())).isEqualTo(PARENT_SPAN_ID);
			assertThat(downstreamHeaders).doesNotContainKeys("traceparent", "baggage", "x-b3-traceid")
				.containsEntry("b3", TRACE_ID + "-" + hex(client.getSpanId().toByteArray()) + "-1");
		}
	}

	@Test
	void b3MultiHeadersGoFromWebClientToo() throws Exception {
		try (RunningWebApp app = start("b3multi")) {
			String traceId = "5b8aa5a2d2c872e8321cf37308d69df2";
			callDownstream(app, "/downstream-webclient", "/next-b3multi", "X-B3-TraceId", traceId, "X-B3-SpanId",
					PARENT_SPAN_ID, "X-B3-Sampled", "1");
			assertThat(downstreamHeaders).containsEntry("x-b3-traceid", traceId)
				.containsEntry("x-b3-sampled", "1")
				.doesNotContainKeys("traceparent", "b3");
			Span client = kind(awaitTrace(traceId), Span.SpanKind.SPAN_KIND_CLIENT);
			assertThat(downstreamHeaders).containsEntry("x-b3-spanid", hex(client.getSpanId().toByteArray()));
		}
	}

	@Test
	void noneReadsAndSendsNoTraceHeaders() throws Exception {
		try (RunningWebApp app = start("none")) {
			String incomingTrace = "0af7651916cd43dd8448eb211c80319c";
			callDownstream(app, "/downstream", "/next-none", "traceparent", "00-" + incomingTrace + "-b7ad6b7169203331-01", "b3",
					TRACE_ID + "-" + PARENT_SPAN_ID + "-1", "baggage", "tenant=acme");
			assertThat(downstreamHeaders).doesNotContainKeys("traceparent", "tracestate", "baggage", "b3",
					"x-b3-traceid")
				// The session header is the starter's own, not a propagator's.
				.containsEntry("x-session-id", "propagators");
			// The server span started a trace of its own instead of continuing the caller's.
			List<Span> trace = await().atMost(Duration.ofSeconds(15)).until(() -> receiver.spans()
				.stream()
				.filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT
						&& OtlpReceiver.attribute(span.getAttributesList(), "url.full").contains(":"
								+ downstream.getAddress().getPort() + "/next-none"))
				.toList(), (spans) -> !spans.isEmpty());
			String traceId = hex(trace.get(0).getTraceId().toByteArray());
			assertThat(traceId).isNotIn(incomingTrace, TRACE_ID);
		}
	}

	private static RunningWebApp start(String propagators) {
		return RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
				"openframe.telemetry.propagators=" + propagators);
	}

	private static String callDownstream(RunningWebApp app, String endpoint, String path, String... headers)
			throws Exception {
		String target = "http://127.0.0.1:" + downstream.getAddress().getPort() + path;
		String[] all = new String[headers.length + 2];
		System.arraycopy(headers, 0, all, 0, headers.length);
		all[headers.length] = "x-session-id";
		all[headers.length + 1] = "propagators";
		return app.get(endpoint + "?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8), all).body();
	}

	private static List<Span> awaitTrace(String traceId) {
		return await().atMost(Duration.ofSeconds(15)).until(() -> {
			List<Span> spans = receiver.spans()
				.stream()
				.filter((span) -> hex(span.getTraceId().toByteArray()).equals(traceId))
				.toList();
			return (spans.size() >= 2) ? spans : null;
		}, Objects::nonNull);
	}

	private static Span kind(List<Span> spans, Span.SpanKind kind) {
		return spans.stream().filter((span) -> span.getKind() == kind).findFirst().orElseThrow();
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
