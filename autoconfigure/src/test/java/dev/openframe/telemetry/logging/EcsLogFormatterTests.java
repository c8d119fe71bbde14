package dev.openframe.telemetry.logging;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.openframe.telemetry.logging.internal.ContextMembers;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link EcsLogFormatter} writes byte for byte what Spring Boot's {@code ecs} format writes, for
 * the same event and settings, with both built by Spring Boot's own {@link StructuredLogEncoder}.
 */
class EcsLogFormatterTests {

	private static final String OURS = EcsLogFormatter.class.getName();

	private final Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory())
		.getLogger("dev.openframe.telemetry.http");

	@Test
	void plainMessage() {
		assertSameAsBoot(Map.of(), event("GET /items/1 -> 200 in 0 ms"));
	}

	@Test
	void requestEventWithMdcAndNestedKeyValues() {
		LoggingEvent event = requestEvent();
		String line = assertSameAsBoot(Map.of(), event);
		JsonNode json = JsonMapper.shared().readTree(line);
		assertThat(json.at("/http/request/method").asString()).isEqualTo("GET");
		assertThat(json.at("/http/response/body/size").asLong()).isEqualTo(26);
		assertThat(json.at("/session_id").asString()).isEqualTo("3b241101-e2bb-4255-8caf-4136c566a962");
	}

	@Test
	void escapesAsBootDoes() {
		LoggingEvent event = event("quote \" backslash \\ nl \n cr \r tab \t bs \b ff \f nul \u0000 esc \u001b del \u007f"
				+ " c1 \u0085 ls \u2028 é 𝄞");
		event.setMDCPropertyMap(Map.of("weird\"key\n", "va\\lue\u0001"));
		event.addKeyValuePair(new KeyValuePair("path", "/a\r\nFORGED"));
		assertSameAsBoot(Map.of(), event);
	}

	@Test
	void oddDottedNames() {
		LoggingEvent event = event("dots");
		for (String name : List.of("a..b", ".lead", "trail..", "..", "e.f.", "a.c", "deep.x.y.z", "deep.x.w")) {
			event.addKeyValuePair(new KeyValuePair(name, name.length()));
		}
		assertSameAsBoot(Map.of(), event);
	}

	@Test
	void valuesOfEveryKind() {
		LoggingEvent event = event("values");
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("a", 1);
		map.put("b", List.of("x", true));
		List<Object> values = new ArrayList<>();
		values.add(null);
		values.add(2.5);
		Object[][] pairs = { { "int", 7 }, { "long", 8L }, { "double", 0.1 }, { "decimal", new BigDecimal("1.50") },
				{ "bool", false }, { "null", null }, { "list", values }, { "ints", new int[] { 1, 2 } },
				{ "map", map }, { "object", new StringBuilder("built") }, { "level", Level.WARN } };
		for (Object[] pair : pairs) {
			event.addKeyValuePair(new KeyValuePair((String) pair[0], pair[1]));
		}
		assertSameAsBoot(Map.of(), event);
	}

	@Test
	void exceptionsWithAndWithoutMessageAndCause() {
		RuntimeException cause = new IllegalStateException();
		LoggingEvent event = event("failed", new RuntimeException("boom \"quoted\"", cause));
		assertSameAsBoot(Map.of(), event);
		assertSameAsBoot(Map.of(), event("failed", new IllegalArgumentException()));
	}

	@Test
	void stackTraceSettings() {
		LoggingEvent event = event("failed", new RuntimeException("outer", new IllegalStateException("inner")));
		assertSameAsBoot(Map.of("logging.structured.json.stacktrace.root", "first",
				"logging.structured.json.stacktrace.max-length", "300"), event);
	}

	@Test
	void markersAsSortedTags() {
		Marker parent = MarkerFactory.getDetachedMarker("zeta");
		parent.add(MarkerFactory.getDetachedMarker("alpha"));
		LoggingEvent event = event("tagged");
		event.addMarker(parent);
		event.addMarker(MarkerFactory.getDetachedMarker("mid"));
		assertSameAsBoot(Map.of(), event);
	}

	@Test
	void serviceAndProcessSettings() {
		assertSameAsBoot(Map.of("spring.application.name", "items \"service\"", "spring.application.pid", "4242",
				"logging.structured.ecs.service.version", "1.2.3",
				"logging.structured.ecs.service.environment", "prod",
				"logging.structured.ecs.service.node-name", "node-1"), requestEvent());
		assertSameAsBoot(Map.of("logging.structured.ecs.service.name", "explicit",
				"spring.application.version", "9"), requestEvent());
	}

	@Test
	void contextPrefixAndExclusion() {
		assertSameAsBoot(Map.of("logging.structured.json.context.prefix", "ctx"), requestEvent());
		assertSameAsBoot(Map.of("logging.structured.json.context.prefix", "ctx."), requestEvent());
		assertSameAsBoot(Map.of("logging.structured.json.context.include", "false"), requestEvent());
	}

	@Test
	void keepsTheEventWhereBootDropsIt() {
		LoggingEvent event = event("clash");
		event.addKeyValuePair(new KeyValuePair("http.route", "/a"));
		event.addKeyValuePair(new KeyValuePair("http.route.extra", "dropped"));
		event.addKeyValuePair(new KeyValuePair("http.route", "dropped"));
		event.addKeyValuePair(new KeyValuePair("message", "dropped"));
		event.addKeyValuePair(new KeyValuePair("kept", 1));
		JsonNode json = JsonMapper.shared().readTree(encode(OURS, Map.of(), event));
		assertThat(json.at("/http/route").asString()).isEqualTo("/a");
		assertThat(json.at("/message").asString()).isEqualTo("clash");
		assertThat(json.at("/kept").asInt()).isEqualTo(1);
		assertThat(json.toString()).doesNotContain("dropped");
	}

	@Test
	void eventsOfRepeatedAndManyShapesWriteAsBootDoes() {
		StructuredLogEncoder ours = encoder(OURS, Map.of());
		StructuredLogEncoder boot = encoder("ecs", Map.of());
		try {
			List<LoggingEvent> events = new ArrayList<>();
			for (int round = 0; round < 3; round++) {
				LoggingEvent request = requestEvent();
				request.addKeyValuePair(new KeyValuePair("round", round));
				events.add(request);
				events.add(requestEvent());
				LoggingEvent nested = event("nested " + round);
				nested.addKeyValuePair(new KeyValuePair("deep.x.y", "/r" + round));
				nested.addKeyValuePair(new KeyValuePair("deep.x.w", round));
				nested.addKeyValuePair(new KeyValuePair("a..b", (round == 1) ? null : "q\"" + round));
				events.add(nested);
			}
			// More shapes than the formatter keeps layouts for, each seen twice.
			for (int shape = 0; shape < ContextMembers.MAX_LAYOUTS + 10; shape++) {
				for (int seen = 0; seen < 2; seen++) {
					LoggingEvent event = event("shape " + shape);
					event.addKeyValuePair(new KeyValuePair("k" + shape + ".v", seen));
					event.addKeyValuePair(new KeyValuePair("common", "x" + seen));
					events.add(event);
				}
			}
			for (LoggingEvent event : events) {
				assertThat(new String(ours.encode(event), StandardCharsets.UTF_8))
					.isEqualTo(new String(boot.encode(event), StandardCharsets.UTF_8));
			}
		}
		finally {
			ours.stop();
			boot.stop();
		}
	}

	@Test
	void eventLoggedWhileAnotherIsWrittenLeavesBothWhole() {
		StructuredLogEncoder encoder = encoder(OURS, Map.of());
		List<String> inner = new ArrayList<>();
		Object loggingValue = new Object() {
			@Override
			public String toString() {
				inner.add(new String(encoder.encode(event("inner")), StandardCharsets.UTF_8));
				return "value";
			}
		};
		LoggingEvent outer = event("outer");
		outer.addKeyValuePair(new KeyValuePair("key", loggingValue));
		JsonNode json = JsonMapper.shared().readTree(new String(encoder.encode(outer), StandardCharsets.UTF_8));
		assertThat(json.at("/message").asString()).isEqualTo("outer");
		assertThat(json.at("/key").asString()).isEqualTo("value");
		assertThat(inner).singleElement()
			.satisfies((line) -> assertThat(JsonMapper.shared().readTree(line).at("/message").asString())
				.isEqualTo("inner"));
	}

	@Test
	void rejectsMemberCustomizationsItDoesNotApply() {
		Map<String, String> settings = Map.of("logging.structured.json.include", "message",
				"logging.structured.json.exclude", "message", "logging.structured.json.rename.message", "msg",
				"logging.structured.json.add.team", "catalog", "logging.structured.json.customizer",
				TeamCustomizer.class.getName());
		for (Map.Entry<String, String> setting : settings.entrySet()) {
			String property = setting.getKey();
			assertThatException().isThrownBy(() -> encode(OURS, Map.of(property, setting.getValue()), event("x")))
				.havingRootCause()
				.withMessageContaining("'" + property.replaceAll("\\.(message|team)$", "") + "' is not supported");
		}
	}

	private LoggingEvent requestEvent() {
		LoggingEvent event = event("GET /items/1 -> 200 in 3 ms");
		Map<String, String> mdc = new HashMap<>();
		mdc.put("session_id", "3b241101-e2bb-4255-8caf-4136c566a962");
		mdc.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
		mdc.put("span_id", "00f067aa0ba902b7");
		event.setMDCPropertyMap(mdc);
		event.addKeyValuePair(new KeyValuePair("http.request.method", "GET"));
		event.addKeyValuePair(new KeyValuePair("http.route", "/items/{id}"));
		event.addKeyValuePair(new KeyValuePair("url.path", "/items/1"));
		event.addKeyValuePair(new KeyValuePair("http.response.status_code", 200));
		event.addKeyValuePair(new KeyValuePair("duration_ms", 3L));
		event.addKeyValuePair(new KeyValuePair("http.response.body.size", 26L));
		return event;
	}

	private LoggingEvent event(String message) {
		return event(message, null);
	}

	private LoggingEvent event(String message, Throwable throwable) {
		return new LoggingEvent(Logger.class.getName(), this.logger, Level.INFO, message, throwable, null);
	}

	private String assertSameAsBoot(Map<String, Object> properties, LoggingEvent event) {
		String boot = encode("ecs", properties, event);
		String ours = encode(OURS, properties, event);
		assertThat(ours).isEqualTo(boot);
		return ours;
	}

	private String encode(String format, Map<String, Object> properties, LoggingEvent event) {
		StructuredLogEncoder encoder = encoder(format, properties);
		try {
			return new String(encoder.encode(event), StandardCharsets.UTF_8);
		}
		finally {
			encoder.stop();
		}
	}

	private StructuredLogEncoder encoder(String format, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		LoggerContext context = new LoggerContext();
		context.putObject(org.springframework.core.env.Environment.class.getName(), environment);
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		return encoder;
	}

	/** A member customizer, which the formatter refuses rather than ignores. */
	static class TeamCustomizer implements StructuredLoggingJsonMembersCustomizer<Object> {

		@Override
		public void customize(JsonWriter.Members<Object> members) {
			members.add("team", "catalog");
		}

	}

}
