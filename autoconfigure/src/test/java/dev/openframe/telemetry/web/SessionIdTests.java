package dev.openframe.telemetry.web;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import dev.openframe.telemetry.testsupport.RawHttp;
import dev.openframe.telemetry.web.internal.SessionIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session header on a real Tomcat: valid ids are kept, hostile ones replaced, and every
 * response carries one, whatever its outcome.
 */
class SessionIdTests {

	private static final Pattern UUID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	private static RunningWebApp app;

	@BeforeAll
	static void start() {
		app = RunningWebApp.start();
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "a", "session-1", "A.b_c:d-9", "0123456789abcdef0123456789abcdef" })
	void keepsValidSessionId(String sessionId) throws Exception {
		HttpResponse<String> response = app.get("/items/1", "x-session-id", sessionId);
		assertThat(response.headers().allValues("x-session-id")).containsExactly(sessionId);
	}

	@Test
	void keepsIdOfMaximumLength() throws Exception {
		String longest = "a".repeat(128);
		assertThat(app.get("/items/1", "x-session-id", longest).headers().firstValue("x-session-id"))
			.hasValue(longest);
	}

	@Test
	void makesNewIdWithoutHeader() throws Exception {
		assertNewId(app.get("/items/1").headers().allValues("x-session-id"));
	}

	@Test
	void makesDistinctIdsPerRequest() throws Exception {
		String first = app.get("/items/1").headers().firstValue("x-session-id").orElseThrow();
		String second = app.get("/items/1").headers().firstValue("x-session-id").orElseThrow();
		assertThat(first).isNotEqualTo(second);
	}

	@ParameterizedTest
	@ValueSource(strings = { "has space", "quote\"d", "semi;colon", "slash/", "comma,separated", "<script>" })
	void replacesInvalidCharacters(String sessionId) throws Exception {
		assertNewId(raw("x-session-id: " + sessionId).header("x-session-id"));
	}

	@Test
	void replacesEmptyValue() throws Exception {
		assertNewId(raw("x-session-id: ").header("x-session-id"));
	}

	@Test
	void replacesTooLongValue() throws Exception {
		assertNewId(app.get("/items/1", "x-session-id", "a".repeat(129)).headers().allValues("x-session-id"));
	}

	@Test
	void replacesValueWithLineBreakAndForgesNoHeader() throws Exception {
		// An obs-fold continuation line: the value the server sees spans a line break.
		RawHttp.Response response = RawHttp.get(app.port(), "/items/1",
				"x-session-id: abc".getBytes(StandardCharsets.ISO_8859_1),
				" injected: yes".getBytes(StandardCharsets.ISO_8859_1));
		assertThat(response.status()).isLessThan(500);
		assertThat(response.header("injected")).isEmpty();
		if (response.status() == 200) {
			assertNewId(response.header("x-session-id"));
		}
	}

	@Test
	void replacesNonAsciiValue() throws Exception {
		byte[] header = "x-session-id: caf\u00e9-\u00fc".getBytes(StandardCharsets.ISO_8859_1);
		assertNewId(RawHttp.get(app.port(), "/items/1", header).header("x-session-id"));
	}

	@Test
	void replacesRepeatedHeader() throws Exception {
		assertNewId(raw("x-session-id: first", "x-session-id: second").header("x-session-id"));
	}

	@Test
	void headerOnClientError() throws Exception {
		HttpResponse<String> response = app.get("/status/404", "x-session-id", "s-404");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("x-session-id")).hasValue("s-404");
	}

	@Test
	void headerOnUnknownPath() throws Exception {
		HttpResponse<String> response = app.get("/no/such/path", "x-session-id", "s-unknown");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("x-session-id")).hasValue("s-unknown");
	}

	@Test
	void headerOnServerError() throws Exception {
		HttpResponse<String> response = app.get("/status/503", "x-session-id", "s-503");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("x-session-id")).hasValue("s-503");
	}

	@Test
	void headerOnUnhandledException() throws Exception {
		HttpResponse<String> response = app.get("/boom", "x-session-id", "s-boom");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().allValues("x-session-id")).containsExactly("s-boom");
	}

	@Test
	void headerOnResponseCommittedEarly() throws Exception {
		HttpResponse<String> response = app.get("/early", "x-session-id", "s-early");
		assertThat(response.body()).isEqualTo("committed early");
		assertThat(response.headers().firstValue("x-session-id")).hasValue("s-early");
		assertThat(response.headers().firstValue("x-too-late")).isEmpty();
	}

	@Test
	void headerSurvivesResponseReset() throws Exception {
		HttpResponse<String> response = app.get("/reset", "x-session-id", "s-reset");
		assertThat(response.body()).isEqualTo("after reset");
		assertThat(response.headers().firstValue("x-before-reset")).isEmpty();
		assertThat(response.headers().firstValue("x-session-id")).hasValue("s-reset");
	}

	@Test
	void headerOnExcludedPath() throws Exception {
		HttpResponse<String> response = app.get("/actuator/health", "x-session-id", "s-health");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("x-session-id")).hasValue("s-health");
	}

	@Test
	void newIdsAreUuidsMadeWithoutBlocking() {
		for (int i = 0; i < 1_000; i++) {
			assertThat(SessionIds.newId()).matches(UUID);
		}
	}

	private static RawHttp.Response raw(String... headers) throws Exception {
		byte[][] bytes = new byte[headers.length][];
		for (int i = 0; i < headers.length; i++) {
			bytes[i] = headers[i].getBytes(StandardCharsets.ISO_8859_1);
		}
		RawHttp.Response response = RawHttp.get(app.port(), "/items/1", bytes);
		assertThat(response.status()).isEqualTo(200);
		return response;
	}

	private static void assertNewId(List<String> values) {
		assertThat(values).hasSize(1);
		assertThat(values.get(0)).matches(UUID);
	}

}
