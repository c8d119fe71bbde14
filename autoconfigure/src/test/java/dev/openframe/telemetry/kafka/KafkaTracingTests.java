package dev.openframe.telemetry.kafka;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.openframe.telemetry.kafka.KafkaTestApplication.Seen;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.trace.v1.Status;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records sent through Spring Boot's {@code KafkaTemplate} to a real KRaft broker in the test JVM
 * and handled by {@code @KafkaListener}s: the span tree, headers, MDC and metrics that reach the
 * real OTLP receiver and the meter registry. One broker and one application for the whole class.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static EmbeddedKafkaKraftBroker broker;

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	private static final ListAppender<ILoggingEvent> listenerLog = new ListAppender<>();

	@BeforeAll
	static void start() {
		broker = new EmbeddedKafkaKraftBroker(1, 1, "orders", "orders-next", "payments", "payments-dlt", "batch",
				"hostile");
		broker.afterPropertiesSet();
		receiver = OtlpReceiver.start();
		// The application's brokers are 'localhost', the one host the session id may go to here; the
		// same broker reached as 127.0.0.1 is a destination it may not go to.
		app = new SpringApplicationBuilder(KafkaTestApplication.class)
			.properties("spring.main.web-application-type=none", "spring.application.name=kafka-test",
					"spring.kafka.bootstrap-servers=localhost:" + brokerPort(),
					"openframe.telemetry.http.client.propagate-session-to=localhost",
					"spring.kafka.consumer.auto-offset-reset=earliest",
					"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
					"openframe.telemetry.traces.batch.schedule-delay=100ms")
			.run();
		// After start-up: Spring Boot's logging system resets Logback's configuration while starting.
		listenerLog.start();
		((Logger) LoggerFactory.getLogger("test.kafka.listener")).addAppender(listenerLog);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		((Logger) LoggerFactory.getLogger("test.kafka.listener")).detachAppender(listenerLog);
		receiver.close();
		broker.destroy();
	}

	@Test
	void sendAndProcessShareOneTraceWithSessionBaggageAndMdc() throws Exception {
		Span parent = startParent("order-session-1");
		try (Scope scope = Context.current().with(parent).with(sessionBaggage("order-session-1")).makeCurrent()) {
			template().send("orders", "o-1").get(10, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
		}
		String traceId = parent.getSpanContext().getTraceId();
		Seen order = awaitSeen((seen) -> seen.topic().equals("orders") && seen.value().equals("o-1"));
		Seen next = awaitSeen((seen) -> seen.topic().equals("orders-next") && seen.value().equals("o-1"));

		assertThat(order.headers().get("traceparent")).startsWith("00-" + traceId + "-");
		assertThat(order.headers()).containsEntry("x-session-id", "order-session-1");
		assertThat(URLDecoder.decode(order.headers().get("baggage"), StandardCharsets.UTF_8))
			.contains("session.id=order-session-1");
		// The listener's own send carries the baggage and session on, in the same trace.
		assertThat(next.headers()).containsEntry("x-session-id", "order-session-1");
		assertThat(next.headers().get("traceparent")).startsWith("00-" + traceId + "-");

		List<io.opentelemetry.proto.trace.v1.Span> trace = awaitTrace(traceId, 4);
		var send = single(trace, "send orders");
		var process = single(trace, "process orders");
		var sendNext = single(trace, "send orders-next");
		var processNext = single(trace, "process orders-next");
		assertThat(send.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER);
		assertThat(hex(send.getParentSpanId().toByteArray())).isEqualTo(parent.getSpanContext().getSpanId());
		assertThat(process.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER);
		assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
		assertThat(sendNext.getParentSpanId()).isEqualTo(process.getSpanId());
		assertThat(processNext.getParentSpanId()).isEqualTo(sendNext.getSpanId());
		assertThat(attribute(send.getAttributesList(), "messaging.system")).isEqualTo("kafka");
		assertThat(attribute(send.getAttributesList(), "messaging.destination.name")).isEqualTo("orders");
		assertThat(attribute(send.getAttributesList(), "messaging.operation.type")).isEqualTo("send");
		assertThat(attribute(send.getAttributesList(), "messaging.destination.partition.id")).isEqualTo("0");
		assertThat(attribute(send.getAttributesList(), "messaging.kafka.offset")).matches("\\d+");
		assertThat(attribute(process.getAttributesList(), "messaging.operation.type")).isEqualTo("process");
		assertThat(attribute(process.getAttributesList(), "messaging.consumer.group.name")).isEqualTo("orders-group");
		assertThat(attribute(process.getAttributesList(), "messaging.destination.partition.id")).isEqualTo("0");
		assertThat(attribute(process.getAttributesList(), "messaging.kafka.offset"))
			.isEqualTo(attribute(send.getAttributesList(), "messaging.kafka.offset"));
		assertThat(attribute(process.getAttributesList(), "messaging.kafka.delivery_attempt")).isEqualTo("1");
		assertThat(attribute(process.getAttributesList(), "session.id")).isEqualTo("order-session-1");

		ILoggingEvent logged = awaitLog("processing order o-1");
		assertThat(logged.getMDCPropertyMap()).containsEntry("trace_id", traceId)
			.containsEntry("span_id", hex(process.getSpanId().toByteArray()))
			.containsEntry("session_id", "order-session-1");

		MeterRegistry meters = app.getBean(MeterRegistry.class);
		assertThat(meters.get("messaging.client.sent.messages")
			.tags("messaging.system", "kafka", "messaging.destination.name", "orders", "outcome", "success")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(meters.get("messaging.client.consumed.messages")
			.tags("messaging.destination.name", "orders", "messaging.consumer.group.name", "orders-group", "outcome",
					"success")
			.counter()
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(meters.get("messaging.process.duration")
			.tags("messaging.destination.name", "orders", "messaging.consumer.group.name", "orders-group", "outcome",
					"success")
			.timer()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void everyRetryAndTheDeadLetterHopStayInTheProducersTrace() throws Exception {
		Span parent = startParent("payment-session");
		try (Scope scope = Context.current().with(parent).with(sessionBaggage("payment-session")).makeCurrent()) {
			template().send("payments", "p-1").get(10, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
		}
		String traceId = parent.getSpanContext().getTraceId();
		awaitSeen((seen) -> seen.topic().equals("payments-dlt") && seen.value().equals("p-1"));

		// The parent, the send, every attempt, the dead-letter send and its processing: waiting for one
		// fewer raced the last of the two dead-letter spans to the exporter.
		List<io.opentelemetry.proto.trace.v1.Span> trace = awaitTrace(traceId, 2 + KafkaTestApplication.ATTEMPTS + 2);
		var send = single(trace, "send payments");
		List<io.opentelemetry.proto.trace.v1.Span> attempts = trace.stream()
			.filter((span) -> span.getName().equals("process payments"))
			.sorted((a, b) -> Long.compare(a.getStartTimeUnixNano(), b.getStartTimeUnixNano()))
			.toList();
		assertThat(attempts).hasSize(KafkaTestApplication.ATTEMPTS);
		for (int i = 0; i < attempts.size(); i++) {
			var attempt = attempts.get(i);
			assertThat(attempt.getParentSpanId()).isEqualTo(send.getSpanId());
			assertThat(attribute(attempt.getAttributesList(), "messaging.kafka.delivery_attempt"))
				.isEqualTo(String.valueOf(i + 1));
			assertThat(attempt.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
			assertThat(attribute(attempt.getAttributesList(), "error.type"))
				.isEqualTo(IllegalStateException.class.getName());
		}
		var deadLetterSend = single(trace, "send payments-dlt");
		var deadLetterProcess = single(trace, "process payments-dlt");
		assertThat(deadLetterSend.getParentSpanId()).isEqualTo(attempts.get(attempts.size() - 1).getSpanId());
		assertThat(deadLetterProcess.getParentSpanId()).isEqualTo(deadLetterSend.getSpanId());
		assertThat(deadLetterProcess.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

		ILoggingEvent deadLetterLog = awaitLog("dead letter p-1");
		assertThat(deadLetterLog.getMDCPropertyMap()).containsEntry("trace_id", traceId)
			.containsEntry("session_id", "payment-session");
		assertThat(app.getBean(MeterRegistry.class)
			.get("messaging.client.consumed.messages")
			.tags("messaging.destination.name", "payments", "outcome", "failure")
			.counter()
			.count()).isGreaterThanOrEqualTo(KafkaTestApplication.ATTEMPTS);
	}

	@Test
	void batchSpanLinksTheProducerOfEachRecord() throws Exception {
		List<String> producerTraces = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Span parent = startParent(null);
			try (Scope scope = parent.makeCurrent()) {
				template().send("batch", "b-" + i).get(10, TimeUnit.SECONDS);
			}
			finally {
				parent.end();
			}
			producerTraces.add(parent.getSpanContext().getTraceId());
		}
		for (int i = 0; i < 3; i++) {
			String value = "b-" + i;
			awaitSeen((seen) -> seen.topic().equals("batch") && seen.value().equals(value));
		}
		List<io.opentelemetry.proto.trace.v1.Span> sends = producerTraces.stream()
			.map((traceId) -> single(awaitTrace(traceId, 2), "send batch"))
			.toList();
		List<io.opentelemetry.proto.trace.v1.Span> batches = await().atMost(WAIT).until(() -> {
			List<io.opentelemetry.proto.trace.v1.Span> spans = receiver.spans()
				.stream()
				.filter((span) -> span.getName().equals("process batch"))
				.toList();
			long records = spans.stream()
				.mapToLong((span) -> Long.parseLong(attribute(span.getAttributesList(), "messaging.batch.message_count")))
				.sum();
			return (records >= 3) ? spans : null;
		}, Objects::nonNull);
		List<String> linked = batches.stream()
			.flatMap((span) -> span.getLinksList().stream())
			.map((link) -> hex(link.getSpanId().toByteArray()))
			.toList();
		assertThat(linked).containsAll(sends.stream().map((span) -> hex(span.getSpanId().toByteArray())).toList());
		for (var batch : batches) {
			assertThat(batch.getKind()).isEqualTo(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER);
			assertThat(batch.getLinksCount()).isEqualTo(
					Integer.parseInt(attribute(batch.getAttributesList(), "messaging.batch.message_count")));
			assertThat(producerTraces).doesNotContain(hex(batch.getTraceId().toByteArray()));
		}
	}

	@Test
	void recordWithHostileHeadersIsProcessedInANewTraceWithoutForgedMdc() throws Exception {
		// Straight through the Kafka client: nothing of ours rewrites these headers.
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
				new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>("hostile", "h-1");
			record.headers()
				.add("traceparent", "00-zzzz\nINFO forged-line-0000000000000000-00f067aa0ba902b7-01"
					.getBytes(StandardCharsets.UTF_8))
				.add("tracestate", "\u0000\u0001=bad,,,".getBytes(StandardCharsets.UTF_8))
				.add("baggage", "session.id=evil%0AINFO%20forged,;;=,%%%".getBytes(StandardCharsets.UTF_8))
				.add("x-session-id", "evil\nINFO forged log line".getBytes(StandardCharsets.UTF_8));
			producer.send(record).get(10, TimeUnit.SECONDS);
		}
		Seen hostile = awaitSeen((seen) -> seen.topic().equals("hostile") && seen.value().equals("h-1"));
		assertThat(hostile.mdc()).doesNotContainKey("session_id");
		assertThat(hostile.mdc().get("trace_id")).matches("[0-9a-f]{32}");
		ILoggingEvent logged = awaitLog("hostile record h-1");
		assertThat(logged.getMDCPropertyMap()).doesNotContainKey("session_id");
		assertThat(logged.getMDCPropertyMap().values()).noneMatch((value) -> value.contains("\n"));
		List<io.opentelemetry.proto.trace.v1.Span> trace = awaitTrace(hostile.mdc().get("trace_id"), 1);
		var process = single(trace, "process hostile");
		assertThat(process.getParentSpanId().isEmpty()).isTrue();
		assertThat(attribute(process.getAttributesList(), "session.id")).isNull();
		assertThat(process.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
	}

	@Test
	void producerOfAHostNotAllowedTheSessionIdSendsTraceContextWithoutIt() throws Exception {
		@SuppressWarnings("unchecked")
		ProducerFactory<Object, Object> factory = app.getBean(ProducerFactory.class);
		// A template with its own brokers, post-processed as a bean is.
		KafkaTemplate<Object, Object> untrusted = new KafkaTemplate<>(factory,
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brokerPort()));
		app.getAutowireCapableBeanFactory().initializeBean(untrusted, "untrustedTemplate");
		Span parent = startParent("untrusted");
		Baggage baggage = Baggage.builder().put("session.id", "untrusted-session").put("tenant", "acme").build();
		try (Scope scope = Context.current().with(parent).with(baggage).makeCurrent()) {
			untrusted.send("orders-next", "u-1").get(10, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
			untrusted.destroy();
		}
		Seen seen = awaitSeen((record) -> record.topic().equals("orders-next") && record.value().equals("u-1"));
		assertThat(seen.headers().get("traceparent")).startsWith("00-" + parent.getSpanContext().getTraceId() + "-");
		assertThat(seen.headers()).doesNotContainKey("x-session-id");
		assertThat(URLDecoder.decode(seen.headers().get("baggage"), StandardCharsets.UTF_8)).contains("tenant=acme")
			.doesNotContain("session.id")
			.doesNotContain("untrusted-session");
	}

	private static String brokerPort() {
		String brokers = broker.getBrokersAsString();
		return brokers.substring(brokers.lastIndexOf(':') + 1);
	}

	private static KafkaTemplate<Object, Object> template() {
		@SuppressWarnings("unchecked")
		KafkaTemplate<Object, Object> template = app.getBean(KafkaTemplate.class);
		return template;
	}

	private static Span startParent(String name) {
		Tracer tracer = app.getBean(OpenTelemetry.class).getTracer("test");
		return tracer.spanBuilder((name != null) ? "test " + name : "test").setNoParent().startSpan();
	}

	private static Baggage sessionBaggage(String sessionId) {
		return Baggage.builder().put("session.id", sessionId).build();
	}

	private static Seen awaitSeen(Predicate<Seen> match) {
		return await().atMost(WAIT)
			.until(() -> KafkaTestApplication.seen.stream().filter(match).findFirst().orElse(null), Objects::nonNull);
	}

	private static ILoggingEvent awaitLog(String message) {
		return await().atMost(WAIT).until(() -> {
			synchronized (listenerLog) {
				return List.copyOf(listenerLog.list)
					.stream()
					.filter((event) -> event.getFormattedMessage().equals(message))
					.findFirst()
					.orElse(null);
			}
		}, Objects::nonNull);
	}

	private static List<io.opentelemetry.proto.trace.v1.Span> awaitTrace(String traceId, int atLeast) {
		return await().atMost(WAIT).until(() -> {
			List<io.opentelemetry.proto.trace.v1.Span> spans = receiver.spans()
				.stream()
				.filter((span) -> hex(span.getTraceId().toByteArray()).equals(traceId))
				.toList();
			return (spans.size() >= atLeast) ? spans : null;
		}, Objects::nonNull);
	}

	private static io.opentelemetry.proto.trace.v1.Span single(List<io.opentelemetry.proto.trace.v1.Span> spans,
			String name) {
		List<io.opentelemetry.proto.trace.v1.Span> named = spans.stream().filter((span) -> span.getName().equals(name))
			.toList();
		assertThat(named).as("spans named '%s' in %s", name, spans.stream().map((span) -> span.getName()).toList())
			.hasSize(1);
		return named.get(0);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
