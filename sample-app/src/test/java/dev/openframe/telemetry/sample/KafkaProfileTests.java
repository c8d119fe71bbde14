package dev.openframe.telemetry.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's 'kafka' profile against a real KRaft broker in the test JVM: {@code POST /items}
 * publishes {@code item.created}, the listener reads the item back through the repository, and a
 * 'poison' item is retried and dead-lettered, all in the request's trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaProfileTests {

	private static EmbeddedKafkaKraftBroker broker;

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	@BeforeAll
	static void start() {
		broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.afterPropertiesSet();
		receiver = OtlpReceiver.start();
		app = new SpringApplicationBuilder(SampleApplication.class).profiles("kafka")
			.properties("server.port=0", "server.address=127.0.0.1",
					"spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
					"openframe.telemetry.otlp.compression=none", "openframe.telemetry.traces.batch.schedule-delay=100ms")
			.run();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		receiver.close();
		broker.destroy();
	}

	@Test
	void createdItemIsReadBackByTheListenerInTheRequestsTrace() throws Exception {
		List<Span> trace = postAndAwaitTrace("kafka-item", (spans) -> spans.stream()
			.anyMatch((span) -> span.getName().equals("repository.item.findById")));
		Span server = named(trace, "POST /items").get(0);
		Span send = named(trace, "send item-events").get(0);
		Span process = named(trace, "process item-events").get(0);
		assertThat(send.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
		assertThat(OtlpReceiver.attribute(process.getAttributesList(), "session.id"))
			.isEqualTo("kafka-profile-kafka-item");
		assertThat(named(trace, "repository.item.findById")).anyMatch(
				(span) -> span.getParentSpanId().equals(process.getSpanId()));
	}

	@Test
	void poisonItemIsRetriedThenDeadLetteredInTheRequestsTrace() throws Exception {
		List<Span> trace = postAndAwaitTrace("poison",
				(spans) -> !named(spans, "process item-events-dlt").isEmpty());
		Span send = named(trace, "send item-events").get(0);
		List<Span> attempts = named(trace, "process item-events");
		assertThat(attempts).hasSize(3).allMatch((span) -> span.getParentSpanId().equals(send.getSpanId()));
		Span deadLetterSend = named(trace, "send item-events-dlt").get(0);
		assertThat(attempts).anyMatch((span) -> span.getSpanId().equals(deadLetterSend.getParentSpanId()));
		assertThat(named(trace, "process item-events-dlt").get(0).getParentSpanId())
			.isEqualTo(deadLetterSend.getSpanId());
	}

	private static List<Span> postAndAwaitTrace(String name, java.util.function.Predicate<List<Span>> complete)
			throws Exception {
		int port = ((WebServerApplicationContext) app).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/items"))
				.timeout(Duration.ofSeconds(20))
				.header("content-type", "application/json")
				.header("x-session-id", "kafka-profile-" + name)
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(201);
		return await().atMost(Duration.ofSeconds(40)).until(() -> {
			Span server = receiver.spans()
				.stream()
				.filter((span) -> span.getName().equals("POST /items"))
				.filter((span) -> ("kafka-profile-" + name)
					.equals(OtlpReceiver.attribute(span.getAttributesList(), "session.id")))
				.findFirst()
				.orElse(null);
			if (server == null) {
				return null;
			}
			List<Span> spans = receiver.spans()
				.stream()
				.filter((span) -> span.getTraceId().equals(server.getTraceId()))
				.toList();
			return complete.test(spans) ? spans : null;
		}, Objects::nonNull);
	}

	private static List<Span> named(List<Span> spans, String name) {
		return spans.stream().filter((span) -> span.getName().equals(name)).toList();
	}

}
