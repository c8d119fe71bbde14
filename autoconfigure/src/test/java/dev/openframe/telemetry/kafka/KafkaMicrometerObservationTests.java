package dev.openframe.telemetry.kafka;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing on the class path and Spring Kafka's own observations turned on, each
 * send and each delivery still has exactly one span: Spring Kafka's, which ours gives way to.
 * Runs in the Surefire execution that has Spring Boot's OpenTelemetry bridge (see the pom).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaMicrometerObservationTests {

	@Test
	void oneSpanPerSendAndPerDeliveryWhenSpringKafkaObservationIsOn() throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "orders", "orders-next");
		broker.afterPropertiesSet();
		try (OtlpReceiver receiver = OtlpReceiver.start();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(KafkaTestApplication.class)
					.properties("spring.main.web-application-type=none", "spring.application.name=kafka-observed",
							"spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
							"spring.kafka.consumer.auto-offset-reset=earliest",
							"spring.kafka.template.observation-enabled=true",
							"spring.kafka.listener.observation-enabled=true",
							"management.tracing.sampling.probability=1.0",
							"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
							"openframe.telemetry.traces.batch.schedule-delay=100ms")
					.run()) {
			assertThat(app.getBeanNamesForType(Class.forName("io.micrometer.tracing.Tracer")))
				.as("Micrometer Tracing is active")
				.isNotEmpty();
			Span parent = app.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("test").startSpan();
			try (Scope scope = parent.makeCurrent()) {
				@SuppressWarnings("unchecked")
				KafkaTemplate<Object, Object> template = app.getBean(KafkaTemplate.class);
				template.send("orders", "observed-1").get(10, TimeUnit.SECONDS);
			}
			finally {
				parent.end();
			}
			String traceId = parent.getSpanContext().getTraceId();
			// send orders, process orders, send orders-next, process orders-next, and the test's own.
			List<io.opentelemetry.proto.trace.v1.Span> trace = await().atMost(Duration.ofSeconds(30)).until(() -> {
				List<io.opentelemetry.proto.trace.v1.Span> spans = receiver.spans()
					.stream()
					.filter((span) -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId))
					.toList();
				return (spans.stream().filter((span) -> isKind(span, "orders-next", true)).count() >= 1) ? spans : null;
			}, Objects::nonNull);
			Thread.sleep(500); // a second span, if any, would be exported in the same batch or the next
			List<io.opentelemetry.proto.trace.v1.Span> all = receiver.spans()
				.stream()
				.filter((span) -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId))
				.toList();
			assertThat(all.stream().filter((span) -> isKind(span, "orders", false))).as("send spans in %s", names(all))
				.hasSize(1);
			assertThat(all.stream().filter((span) -> isKind(span, "orders", true))).as("process spans in %s", names(all))
				.hasSize(1);
			assertThat(all.stream().filter((span) -> isKind(span, "orders-next", false))).hasSize(1);
			// Spring Kafka's spans, in one trace: the observation carried the context across the broker.
			assertThat(all).anyMatch((span) -> span.getName().equals("orders send"))
				.anyMatch((span) -> span.getName().equals("orders process"));
			assertThat(trace.stream().filter((span) -> isKind(span, "orders-next", true))).hasSize(1);
		}
		finally {
			broker.destroy();
		}
	}

	private static boolean isKind(io.opentelemetry.proto.trace.v1.Span span, String topic, boolean consumer) {
		var kind = consumer ? io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER
				: io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER;
		// Spring Kafka names its spans '{topic} send' and '{topic} process', ours 'send {topic}' and
		// 'process {topic}': either counts.
		return span.getKind() == kind && List.of(span.getName().split(" ")).contains(topic);
	}

	private static List<String> names(List<io.opentelemetry.proto.trace.v1.Span> spans) {
		return spans.stream().map((span) -> span.getName() + "/" + span.getKind()).toList();
	}

}
