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
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.AppenderAttachable;
import com.sun.net.httpserver.HttpServer;
import dev.openframe.telemetry.testsupport.RawHttp;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests without a property-testing library: a {@link Random} with a printed seed
 * generates hostile session, {@code traceparent}, {@code tracestate} and {@code baggage} headers
 * ({@link HostileHeaders}: control characters, raw CR/LF, bytes that are not UTF-8, 8 KB
 * values, a thousand baggage members, repeated headers), sent byte for byte to a running
 * application with the starter, and the same bytes to the same application with the starter
 * off, which says what status the request has without telemetry (Tomcat itself rejects some
 * bytes with 400, starter or not). A failure names the seed; {@code -Dhostile.seed=N} replays it.
 */
class HostileHeaderPropertyTests {

	private static final int REQUESTS = 1000;

	private static final int BAGGAGE_REQUESTS = 150;

	private static final long SEED = Long.getLong("hostile.seed", System.nanoTime());

	private static final Pattern VALID_SESSION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final Pattern TRACEPARENT_00 = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

	private static final Pattern BAGGAGE_MEMBER = Pattern
		.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+=[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]*(;.*)?");

	/** Status recorded when the server closed the connection before a response could be read. */
	private static final int CLOSED = -1;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ConsoleCapture console = new ConsoleCapture();

	private static final Map<String, String> downstreamHeaders = new ConcurrentHashMap<>();

	/** Generated requests that passed Tomcat and reached the filter: the generator must not only make rejects. */
	private static final AtomicInteger reachedFilter = new AtomicInteger();

	private static HttpServer downstream;

	private static RunningWebApp app;

	private static RunningWebApp withoutStarter;

	private static Set<String> requestEventFields;

	private static Set<String> downstreamEventFields;

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
		// Large headers reach the application rather than stopping at Tomcat's 8 KB default.
		String[] common = { "logging.structured.format.console=ecs", "server.max-http-request-header-size=256KB",
				"server.tomcat.max-http-response-header-size=64KB" };
		app = RunningWebApp.start(common);
		withoutStarter = RunningWebApp.start(concat(common, "openframe.telemetry.enabled=false"));
		// The console appender's own stream, so that only log events are read.
		consoleAppender().setOutputStream(console);
		assertThat(RawHttp.get(app.port(), "/items/1", header("x-session-id", "baseline-fields")).status())
			.isEqualTo(200);
		requestEventFields = fieldPaths(requestEvent("baseline-fields"));
		assertThat(RawHttp.get(app.port(), "/downstream?url=" + URLEncoder.encode(downstreamUrl(), StandardCharsets.UTF_8),
				header("x-session-id", "baseline-downstream"))
			.status()).isEqualTo(200);
		downstreamEventFields = fieldPaths(requestEvent("baseline-downstream"));
	}

	/** Spring Boot's console appender, also when the starter's MDC correlation wraps it. */
	@SuppressWarnings("unchecked")
	private static ConsoleAppender<ILoggingEvent> consoleAppender() {
		LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
		Iterator<Appender<ILoggingEvent>> appenders = logging.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
		while (appenders.hasNext()) {
			Appender<ILoggingEvent> appender = appenders.next();
			if (appender instanceof AppenderAttachable<?> wrapper) {
				appender = ((AppenderAttachable<ILoggingEvent>) wrapper).getAppender("CONSOLE");
			}
			if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
				return console;
			}
		}
		throw new IllegalStateException("No console appender");
	}

	@AfterAll
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

	@Test
	void hostileSessionAndTraceHeadersChangeNeitherStatusNorLogShapeNorMeterCount() throws Exception {
		MeterRegistry registry = app.context().getBean(MeterRegistry.class);
		// Warm up every route and status the generator uses, so their meters exist before counting.
		for (String path : List.of("/items/1", "/nowhere", "/status/503", "/nowhere/%41")) {
			RawHttp.get(app.port(), path);
		}
		Set<Meter.Id> meters = meterIds(registry);
		reachedFilter.set(0);
		Random seeds = new Random(SEED);
		for (int i = 0; i < REQUESTS; i++) {
			long seed = seeds.nextLong();
			HostileHeaders generate = new HostileHeaders(new Random(seed));
			HostileRequest request = new HostileRequest(generate.path(), generate.repeated(generate::sessionId),
					generate.repeated(generate::traceparent), generate.repeated(generate::tracestate));
			check(i, seed, request, () -> assertStatusSessionAndLogUnchanged(request));
		}
		assertThat(reachedFilter).as("requests that reached the filter (seed %d)", SEED).hasValueGreaterThan(REQUESTS / 3);
		Set<Meter.Id> added = meterIds(registry);
		added.removeAll(meters);
		// The JVM may add a meter of its own meanwhile (a GC of a new cause, say): a few, not one per request.
		assertThat(added).as("meters added by %d hostile requests (seed %d)", REQUESTS, SEED)
			.hasSizeLessThanOrEqualTo(5)
			.allSatisfy((id) -> assertThat(id.getTags()).allSatisfy((tag) -> assertThat(tag.getValue())
				.doesNotContain("forged")
				.matches("[\\x20-\\x7e]*")));
		console.assertEveryLineIsOneJsonObjectWithoutForgedFields();
	}

	@Test
	void hugeOrHostileBaggageLeavesWithinTheW3cLimits() throws Exception {
		reachedFilter.set(0);
		Random seeds = new Random(SEED ^ 0x5DEECE66DL);
		for (int i = 0; i < BAGGAGE_REQUESTS; i++) {
			long seed = seeds.nextLong();
			HostileHeaders generate = new HostileHeaders(new Random(seed));
			String session = generate.sessionId().replace("\r", "").replace("\n", "");
			List<String> baggage = generate.baggageHeaders();
			check(i, seed, new HostileRequest("/downstream", List.of(session), List.of(), baggage),
					() -> assertBaggageWithinLimits(session, baggage));
		}
		// Most generated baggage is refused by Tomcat before the filter; enough must get through for
		// the limits to be tested. A third was too close to the mean: one seed in CI reached 49 of 150.
		assertThat(reachedFilter).as("requests that reached the filter (seed %d)", SEED)
			.hasValueGreaterThan(BAGGAGE_REQUESTS / 5);
		console.assertEveryLineIsOneJsonObjectWithoutForgedFields();
	}

	private static void assertStatusSessionAndLogUnchanged(HostileRequest request) throws Exception {
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
		reachedFilter.incrementAndGet();
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
		if (!request.hasLineBreak()) {
			// A raw line break splits the header on the wire: what the server saw is not the value sent.
			String continued = request.continuedTraceId();
			if (continued != null) {
				assertThat(traceId).as("trace continued from a valid traceparent").isEqualTo(continued);
			}
			else {
				assertThat(request.incomingTraceIds()).as("a new trace for an invalid traceparent")
					.doesNotContain(traceId);
			}
		}
	}

	private static void assertBaggageWithinLimits(String session, List<String> baggage) throws Exception {
		console.clearEvents();
		downstreamHeaders.clear();
		List<byte[]> headers = new ArrayList<>();
		headers.add(header("x-session-id", session));
		baggage.forEach((value) -> headers.add(header("baggage", value)));
		RawHttp.Response response = send(app.port(),
				"/downstream?url=" + URLEncoder.encode(downstreamUrl(), StandardCharsets.UTF_8),
				headers.toArray(byte[][]::new));
		if (response.header("x-session-id").isEmpty()) {
			assertThat(response.status()).isIn(400, CLOSED);
			return;
		}
		reachedFilter.incrementAndGet();
		assertThat(response.status()).isEqualTo(200);
		String sessionId = response.header("x-session-id").get(0);
		assertThat(sessionId).matches(VALID_SESSION_ID);
		assertThat(fieldPaths(requestEvent(sessionId))).isEqualTo(downstreamEventFields);
		assertThat(downstreamHeaders.get("x-session-id")).isEqualTo(sessionId);
		String outgoing = downstreamHeaders.get("baggage");
		assertThat(outgoing).as("outgoing baggage").isNotNull().doesNotContain("\n");
		assertThat(outgoing.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
		String[] members = outgoing.split(",");
		assertThat(members).hasSizeLessThanOrEqualTo(64)
			.allSatisfy((member) -> assertThat(member).matches(BAGGAGE_MEMBER));
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

	/** Runs one generated case; a failure names the run's seed, the case and its own seed. */
	private static void check(int index, long caseSeed, HostileRequest request, Check check) throws Exception {
		try {
			check.run();
		}
		catch (AssertionError ex) {
			throw new AssertionError("hostile.seed=" + SEED + ", case " + index + " (case seed " + caseSeed + "): "
					+ request + "\n" + ex.getMessage(), ex);
		}
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

	private static String downstreamUrl() {
		return "http://127.0.0.1:" + downstream.getAddress().getPort() + "/next";
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
		return value.replaceAll("^[ \\t]+|[ \\t]+$", "");
	}

	private static Set<Meter.Id> meterIds(MeterRegistry registry) {
		Set<Meter.Id> ids = new HashSet<>();
		registry.getMeters().forEach((meter) -> ids.add(meter.getId()));
		return ids;
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
				collect(prefix + field.getKey() + ".", field.getValue(), paths);
			}
		}
		else {
			paths.add(prefix.isEmpty() ? prefix : prefix.substring(0, prefix.length() - 1));
		}
	}

	@FunctionalInterface
	private interface Check {

		void run() throws Exception;

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

		boolean hasLineBreak() {
			return HostileHeaders.hasLineBreak(this.sessionIds) || HostileHeaders.hasLineBreak(this.traceparents)
					|| HostileHeaders.hasLineBreak(this.tracestates);
		}

		/** The incoming id the application must keep: exactly one header with a valid value. */
		@Nullable String acceptedSessionId() {
			if (this.sessionIds.size() == 1 && !hasLineBreak()) {
				String value = ows(this.sessionIds.get(0));
				return VALID_SESSION_ID.matcher(value).matches() ? value : null;
			}
			return null;
		}

		/** The trace id to continue: exactly one {@code traceparent}, valid version 00, non-zero ids. */
		@Nullable String continuedTraceId() {
			if (this.traceparents.size() != 1) {
				return null;
			}
			Matcher matcher = TRACEPARENT_00.matcher(ows(this.traceparents.get(0)));
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
					+ shorten(this.traceparents) + ", tracestate (baggage for /downstream)=" + shorten(this.tracestates) + "]";
		}

		private static String shorten(List<String> values) {
			return values.stream()
				.map((value) -> (value.length() > 120) ? value.substring(0, 120) + "...(" + value.length() + ")" : value)
				.map((value) -> value.replace("\r", "\\r").replace("\n", "\\n"))
				.toList()
				.toString();
		}

	}

	/**
	 * The console appender's output once the applications have started, parsed line by line as
	 * it grows: request events by session id, and every line that is not one JSON object or
	 * that carries a field named {@code forged} anywhere.
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
			if (node == null || !node.isObject() || !node.findValues("forged").isEmpty()) {
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

		synchronized void assertEveryLineIsOneJsonObjectWithoutForgedFields() {
			assertThat(this.brokenLines).as("console lines that are not one JSON object, or forge a field (seed %d)", SEED)
				.isEmpty();
		}

	}

}
