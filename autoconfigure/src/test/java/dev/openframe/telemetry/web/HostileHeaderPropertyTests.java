package dev.openframe.telemetry.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import com.sun.net.httpserver.HttpServer;
import dev.openframe.telemetry.testsupport.RawHttp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile session, {@code traceparent}, {@code tracestate} and {@code baggage} headers
 * (control characters, bytes that are not UTF-8, 8 KB values, a thousand baggage members,
 * repeated headers) sent byte for byte to a running application with the starter, and the same
 * bytes to the same application with the starter off, which says what status the request has
 * without telemetry (the container itself rejects some bytes with 400, starter or not).
 * Header values never contain CR or LF: those end the header line on the wire, which is the
 * client's framing, not a value the server could see.
 */
class HostileHeaderPropertyTests {

	private static final Pattern VALID_SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final Pattern TRACEPARENT_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

	private static final Pattern BAGGAGE_MEMBER = Pattern
		.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+=[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*(;.*)?");

	private static final String SAFE_SESSION_CHARS = "abcXYZ019._:-";

	/** Status recorded when the server closed the connection before a response could be read. */
	private static final int CLOSED = -1;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ConsoleCapture console = new ConsoleCapture();

	private static final Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();

	private static HttpServer downstream;

	private static RunningWebApp app;

	private static RunningWebApp withoutStarter;

	private static Set<String> requestEventFields;

	private static Set<String> downstreamEventFields;

	@BeforeContainer
	static void start() throws Exception {
		downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		downstream.createContext("/", (exchange) -> {
			exchange.getRequestHeaders()
				.forEach((name, values) -> downstreamHeaders.put(name.toLowerCase(), String.join("\n", values)));
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		downstream.start();
		// Large headers reach the application rather than stopping at Tomcat's 8 KB default.
		String[] common = { "logging.structured.format.console=ecs", "server.max-http-request-header-size=256KB",
				"server.tomcat.max-http-response-header-size=64KB" };
		app = RunningWebApp.start(common);
		withoutStarter = RunningWebApp.start(concat(common, "openframe.telemetry.enabled=false"));
		// The console appender's own stream, so that only log events are read (not what jqwik prints).
		LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
		ConsoleAppender<?> appender = (ConsoleAppender<?>) logging.getLogger(Logger.ROOT_LOGGER_NAME)
			.getAppender("CONSOLE");
		appender.setOutputStream(console);
		RawHttp.Response baseline = RawHttp.get(app.port(), "/items/1", header("x-session-id", "baseline-fields"));
		assertThat(baseline.status()).isEqualTo(200);
		requestEventFields = fieldPaths(requestEvent("baseline-fields"));
		RawHttp.Response downstreamBaseline = RawHttp.get(app.port(), "/downstream?url=" + URLEncoder.encode(
				"http://127.0.0.1:" + downstream.getAddress().getPort() + "/next", StandardCharsets.UTF_8),
				header("x-session-id", "baseline-downstream"));
		assertThat(downstreamBaseline.status()).isEqualTo(200);
		downstreamEventFields = fieldPaths(requestEvent("baseline-downstream"));
	}

	@AfterContainer
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (withoutStarter != null) {
			withoutStarter.close();
		}
		if (downstream != null) {
			downstream.stop(0);
		}
	}

	@Property(tries = 700, shrinking = ShrinkingMode.BOUNDED)
	void hostileSessionAndTraceHeadersChangeNeitherStatusNorLogShape(@ForAll("requests") HostileRequest request)
			throws Exception {
		console.clearEvents();
		byte[][] headers = request.headerBytes();
		RawHttp.Response reference = send(withoutStarter.port(), request.path(), headers);
		RawHttp.Response response = send(app.port(), request.path(), headers);
		assertThat(rejectedAs400(response.status())).as("status with the starter, as without it")
			.isEqualTo(rejectedAs400(reference.status()));
		List<String> sessionHeaders = response.header("x-session-id");
		if (sessionHeaders.isEmpty()) {
			// Rejected by the container before any filter ran (or the connection closed on it).
			assertThat(response.status()).isIn(400, CLOSED);
			return;
		}
		assertThat(sessionHeaders).singleElement().asString().matches(VALID_SESSION_ID);
		String sessionId = sessionHeaders.get(0);
		String expectedSession = request.acceptedSessionId();
		if (expectedSession != null) {
			assertThat(sessionId).isEqualTo(expectedSession);
		}
		JsonNode event = requestEvent(sessionId);
		assertThat(fieldPaths(event)).as("fields of the request event").isEqualTo(requestEventFields);
		assertThat(event.path("url").path("path").asText()).isEqualTo(request.path());
		String traceId = event.path("trace_id").asText();
		assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
		String continued = request.continuedTraceId();
		if (continued != null) {
			assertThat(traceId).as("trace continued from a valid traceparent").isEqualTo(continued);
		}
		else {
			assertThat(request.incomingTraceIds()).as("a new trace for an invalid traceparent").doesNotContain(traceId);
		}
		console.assertEveryLineIsOneJsonObject();
	}

	@Property(tries = 100, shrinking = ShrinkingMode.BOUNDED)
	void hugeOrHostileBaggageLeavesWithinTheW3cLimits(@ForAll("baggageHeaders") List<String> baggage,
			@ForAll("sessionIds") String session) throws Exception {
		console.clearEvents();
		downstreamHeaders.clear();
		String target = "http://127.0.0.1:" + downstream.getAddress().getPort() + "/next";
		List<byte[]> headers = new ArrayList<>();
		headers.add(header("x-session-id", session));
		for (String value : baggage) {
			headers.add(header("baggage", value));
		}
		RawHttp.Response response = send(app.port(),
				"/downstream?url=" + URLEncoder.encode(target, StandardCharsets.UTF_8), headers.toArray(byte[][]::new));
		if (response.header("x-session-id").isEmpty()) {
			assertThat(response.status()).isIn(400, CLOSED);
			return;
		}
		assertThat(response.status()).isEqualTo(200);
		String sessionId = response.header("x-session-id").get(0);
		assertThat(fieldPaths(requestEvent(sessionId))).isEqualTo(downstreamEventFields);
		assertThat(downstreamHeaders.get("x-session-id")).isEqualTo(sessionId);
		String outgoing = downstreamHeaders.get("baggage");
		assertThat(outgoing).as("outgoing baggage").isNotNull().doesNotContain("\n");
		assertThat(outgoing.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
		String[] members = outgoing.split(",");
		assertThat(members).hasSizeLessThanOrEqualTo(64).allSatisfy((member) -> assertThat(member).matches(BAGGAGE_MEMBER));
		Set<String> incomingKeys = new HashSet<>();
		for (String value : baggage) {
			for (String member : value.split(",")) {
				incomingKeys.add(member.split("=", 2)[0].strip());
			}
		}
		for (String member : members) {
			String key = member.split("=", 2)[0];
			assertThat(key.equals("session.id") || incomingKeys.contains(key)).as("forged member %s", member).isTrue();
		}
		assertThat(members).as("the session id survives full baggage")
			.anySatisfy((member) -> assertThat(URLDecoder.decode(member, StandardCharsets.UTF_8))
				.isEqualTo("session.id=" + sessionId));
	}

	@Example
	void repeatedTraceparentHeadersStartANewTrace() throws Exception {
		console.clearEvents();
		String first = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
		String second = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		RawHttp.Response response = RawHttp.get(app.port(), "/items/1", header("x-session-id", "two-parents"),
				header("traceparent", first), header("traceparent", second));
		assertThat(response.status()).isEqualTo(200);
		assertThat(requestEvent("two-parents").path("trace_id").asText()).matches("[0-9a-f]{32}")
			.isNotIn("0af7651916cd43dd8448eb211c80319c", "4bf92f3577b34da6a3ce929d0e0e4736");
	}

	@Example
	void everyBaggageHeaderReachesTheOutgoingCall() throws Exception {
		console.clearEvents();
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

	@Provide
	Arbitrary<HostileRequest> requests() {
		Arbitrary<String> path = Arbitraries.oneOf(Arbitraries.just("/items/1"), Arbitraries.just("/nowhere"),
				Arbitraries.just("/status/503"), hostileText(40).map((text) -> "/items/" + percentEncoded(text)),
				hostileText(40).map((text) -> "/nowhere/" + percentEncoded(text)));
		Arbitrary<List<String>> sessions = headerValues(sessionIds());
		Arbitrary<List<String>> traceparents = headerValues(traceparents());
		Arbitrary<List<String>> tracestates = headerValues(
				Arbitraries.oneOf(hostileText(64), Arbitraries.just("vendor=value,other=1"), listOf(tracestateMember(), 40)));
		return Combinators.combine(path, sessions, traceparents, tracestates).as(HostileRequest::new);
	}

	@Provide
	Arbitrary<List<String>> baggageHeaders() {
		Arbitrary<String> member = Combinators
			.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
					Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'z').ofMaxLength(40))
			.as((key, value) -> key + "=" + value);
		Arbitrary<String> header = Arbitraries.oneOf(listOf(member, 1000), hostileText(200),
				Arbitraries.integers().between(1, 3).map((n) -> "big=" + "x".repeat(n * 4096)),
				listOf(Arbitraries.oneOf(member, hostileText(20)), 100));
		return header.list().ofMinSize(1).ofMaxSize(3);
	}

	@Provide
	Arbitrary<String> sessionIds() {
		return Arbitraries.oneOf(
				Arbitraries.strings().withChars(SAFE_SESSION_CHARS).ofMinLength(1).ofMaxLength(128),
				Arbitraries.strings().withChars(SAFE_SESSION_CHARS).ofMinLength(129).ofMaxLength(300),
				hostileText(140), Arbitraries.just("\",\"forged\":\"yes"), Arbitraries.just("a\u0000b"),
				Arbitraries.just("x".repeat(8192)));
	}

	private static Arbitrary<String> traceparents() {
		Arbitrary<String> hex32 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
		Arbitrary<String> hex16 = Arbitraries.strings().withChars("0123456789abcdef").ofLength(16);
		Arbitrary<String> valid = Combinators.combine(hex32, hex16, Arbitraries.of("00", "01", "ff", "0f"))
			.as((trace, span, flags) -> "00-" + trace + "-" + span + "-" + flags);
		Arbitrary<String> mutated = Combinators
			.combine(valid, Arbitraries.integers().between(3, 54), hostileChar())
			.as((value, at, c) -> value.substring(0, at) + c + value.substring(at + 1));
		return Arbitraries.oneOf(valid, mutated, valid.map((value) -> value + "-extra"),
				valid.map((value) -> value.substring(0, 40)), valid.map(String::toUpperCase),
				Arbitraries.just("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"), hostileText(80),
				Arbitraries.just("00-4bf92f3577b34da6a3ce929d0e0e4736-" + "x".repeat(8192)));
	}

	private static Arbitrary<String> tracestateMember() {
		return Combinators
			.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
					Arbitraries.strings().withCharRange('!', '+').withCharRange('a', 'z').ofMaxLength(30))
			.as((key, value) -> key + "=" + value);
	}

	private static Arbitrary<String> listOf(Arbitrary<String> member, int maxSize) {
		return member.list().ofMinSize(1).ofMaxSize(maxSize).map((members) -> String.join(",", members));
	}

	/** One, two or three copies of the header, each with its own value; rarely absent. */
	private static Arbitrary<List<String>> headerValues(Arbitrary<String> value) {
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<String>of())),
				net.jqwik.api.Tuple.of(6, value.list().ofSize(1)),
				net.jqwik.api.Tuple.of(2, value.list().ofMinSize(2).ofMaxSize(3)));
	}

	/**
	 * Text as the header bytes arrive (ISO-8859-1, one char per byte): control characters other
	 * than CR and LF, bytes 0x80 to 0xFF that are not valid UTF-8 on their own, UTF-8 encoded
	 * characters, and JSON and log syntax.
	 */
	private static Arbitrary<String> hostileText(int maxLength) {
		Arbitrary<String> bytes = Arbitraries.strings()
			.withCharRange('\u0000', '\u00ff')
			.excludeChars('\r', '\n')
			.ofMaxLength(maxLength);
		Arbitrary<String> utf8 = Arbitraries.strings()
			.all()
			.ofMaxLength(maxLength / 4)
			.map((text) -> new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
			.filter((text) -> text.indexOf('\r') < 0 && text.indexOf('\n') < 0);
		Arbitrary<String> syntax = Arbitraries.of("\"", "\\", "\",\"forged\":\"x", "}{\"forged\":1}", "%0d%0a",
				"\\u000a", "\u0085", "\u00ff\u00fe", "\t", "\u0000", "\u001b[31m", "${jndi:ldap://x}", "=", ",", ";")
			.list()
			.ofMaxSize(8)
			.map((parts) -> String.join("", parts));
		return Arbitraries.oneOf(bytes, utf8, syntax);
	}

	private static Arbitrary<Character> hostileChar() {
		return Arbitraries.chars().range('\u0000', '\u00ff').filter((c) -> c != '\r' && c != '\n');
	}

	private static String percentEncoded(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
			encoded.append('%').append(String.format("%02X", b & 0xff));
		}
		return encoded.toString();
	}

	/**
	 * {@link RawHttp#get}, except that a server which answers and closes while the request is
	 * still being written (Tomcat does so on a header it rejects) is not an error.
	 */
	private static RawHttp.Response send(int port, String path, byte[]... headers) throws IOException {
		try {
			return RawHttp.get(port, path, headers);
		}
		catch (SocketException ex) {
			return new RawHttp.Response(CLOSED, List.of());
		}
	}

	/** Whether Tomcat's 400 was read before it closed the connection is a matter of timing. */
	private static int rejectedAs400(int status) {
		return (status == CLOSED) ? 400 : status;
	}

	private static byte[] header(String name, String value) {
		return (name + ": " + value).getBytes(StandardCharsets.ISO_8859_1);
	}

	private static String[] concat(String[] values, String value) {
		String[] all = java.util.Arrays.copyOf(values, values.length + 1);
		all[values.length] = value;
		return all;
	}

	/** The server's view of a header value: HTTP strips optional whitespace around it. */
	private static String ows(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\t')) {
			start++;
		}
		while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
			end--;
		}
		return value.substring(start, end);
	}

	private static JsonNode requestEvent(String sessionId) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (true) {
			List<JsonNode> events = console.requestEvents(sessionId);
			if (!events.isEmpty() || System.nanoTime() > deadline) {
				assertThat(events).as("request events of session %s", sessionId).hasSize(1);
				return events.get(0);
			}
			Thread.sleep(2);
		}
	}

	private static Set<String> fieldPaths(JsonNode node) {
		Set<String> paths = new LinkedHashSet<>();
		collect("", node, paths);
		return paths;
	}

	private static void collect(String prefix, JsonNode node, Set<String> paths) {
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				collect(prefix + "/" + field.getKey(), field.getValue(), paths);
			}
		}
		else {
			paths.add(prefix);
		}
	}

	/**
	 * One generated request.
	 */
	record HostileRequest(String path, List<String> sessionIds, List<String> traceparents, List<String> tracestates) {

		byte[][] headerBytes() {
			List<byte[]> headers = new ArrayList<>();
			this.sessionIds.forEach((value) -> headers.add(header("x-session-id", value)));
			this.traceparents.forEach((value) -> headers.add(header("traceparent", value)));
			this.tracestates.forEach((value) -> headers.add(header("tracestate", value)));
			return headers.toArray(byte[][]::new);
		}

		/** The incoming id the application must keep: exactly one header with a valid value. */
		String acceptedSessionId() {
			if (this.sessionIds.size() == 1) {
				String value = ows(this.sessionIds.get(0));
				return VALID_SESSION_ID.matcher(value).matches() ? value : null;
			}
			return null;
		}

		/** The trace id to continue: exactly one {@code traceparent}, valid version 00, non-zero ids. */
		String continuedTraceId() {
			if (this.traceparents.size() != 1) {
				return null;
			}
			var matcher = TRACEPARENT_00.matcher(ows(this.traceparents.get(0)));
			if (!matcher.matches() || matcher.group(1).equals("0".repeat(32))
					|| matcher.group(2).equals("0".repeat(16))) {
				return null;
			}
			return matcher.group(1);
		}

		Set<String> incomingTraceIds() {
			Set<String> ids = new HashSet<>();
			for (String value : this.traceparents) {
				String trimmed = ows(value);
				if (trimmed.length() >= 35) {
					ids.add(trimmed.substring(3, 35).toLowerCase());
				}
			}
			return ids;
		}

		@Override
		public String toString() {
			return "HostileRequest[path=" + this.path + ", session=" + shorten(this.sessionIds) + ", traceparent="
					+ shorten(this.traceparents) + ", tracestate=" + shorten(this.tracestates) + "]";
		}

		private static String shorten(List<String> values) {
			return values.stream()
				.map((value) -> (value.length() > 120) ? value.substring(0, 120) + "...(" + value.length() + ")" : value)
				.toList()
				.toString();
		}

	}

	/**
	 * The console appender's output once the applications have started, parsed line by line as
	 * it grows.
	 */
	private static final class ConsoleCapture extends OutputStream {

		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		private final Map<String, List<JsonNode>> eventsBySession = new ConcurrentHashMap<>();

		private final List<String> brokenLines = new ArrayList<>();

		@Override
		public synchronized void write(int b) {
			if (b == '\n') {
				line(this.pending.toString(StandardCharsets.UTF_8));
				this.pending.reset();
			}
			else {
				this.pending.write(b);
			}
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) {
			for (int i = offset; i < offset + length; i++) {
				write(bytes[i]);
			}
		}

		private void line(String line) {
			JsonNode node;
			try {
				node = json.readTree(line);
			}
			catch (RuntimeException ex) {
				this.brokenLines.add(line);
				return;
			}
			if (node == null || !node.isObject()) {
				this.brokenLines.add(line);
				return;
			}
			if (node.path("log").path("logger").asText().equals("dev.openframe.telemetry.http")) {
				this.eventsBySession.computeIfAbsent(node.path("session_id").asText(), (key) -> new ArrayList<>())
					.add(node);
			}
		}

		synchronized List<JsonNode> requestEvents(String sessionId) {
			return List.copyOf(this.eventsBySession.getOrDefault(sessionId, List.of()));
		}

		synchronized void clearEvents() {
			this.eventsBySession.clear();
		}

		synchronized void assertEveryLineIsOneJsonObject() {
			assertThat(this.brokenLines).as("console lines that are not one JSON object").isEmpty();
		}

	}

}
