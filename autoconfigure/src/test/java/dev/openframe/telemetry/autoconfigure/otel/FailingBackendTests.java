package dev.openframe.telemetry.autoconfigure.otel;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A backend that stalls, refuses or is absent never makes the application wait, shows up in
 * the {@code telemetry} health details and export meters while health stays UP, and export
 * resumes once the backend recovers.
 */
class FailingBackendTests {

	private static final Logger logger = LoggerFactory.getLogger(FailingBackendTests.class);

	private final OtlpReceiver receiver = OtlpReceiver.start();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		// Receiver first: a backend still stalling would hold the context's final flush for the
		// whole shutdown timeout, while a closed port refuses it at once.
		this.receiver.close();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void stalledBackendNeverBlocksTheApplicationAndDropsAreCounted() throws Exception {
		this.receiver.mode(OtlpReceiver.Mode.STALL);
		this.context = run(this.receiver.httpEndpoint());
		Tracer tracer = this.context.getBean(OpenTelemetry.class).getTracer("test");
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.refusedCount() > 0);
		// While the receiver holds every request open, telemetry calls still return at once.
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			for (int i = 0; i < 5_000; i++) {
				tracer.spanBuilder("while-stalled").startSpan().end();
				meters.counter("stall.counter").increment();
				if (i % 50 == 0) {
					logger.info("log line {} while the backend stalls", i);
				}
			}
		});
		assertThat(this.receiver.requests()).isEmpty();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(exportCount(meters, "traces", "dropped")).isPositive();
			assertThat(exportCount(meters, "traces", "failed")).isPositive();
			JsonNode traces = health().path("components").path("telemetry").path("details").path("traces");
			assertThat(traces.path("state").asText()).isEqualTo("failing");
			assertThat(traces.path("lastError").asText()).isNotBlank();
		});
		assertThat(health().path("status").asText()).isEqualTo("UP");
		this.receiver.mode(OtlpReceiver.Mode.ACCEPT);
		assertRecovers(tracer);
	}

	@Test
	void batchExportTimeoutShorterThanTheRequestTimeoutEndsAStalledExport() throws Exception {
		this.receiver.mode(OtlpReceiver.Mode.STALL);
		this.context = run(this.receiver.httpEndpoint(), "openframe.telemetry.traces.timeout=60s",
				"openframe.telemetry.traces.batch.export-timeout=500ms");
		Tracer tracer = this.context.getBean(OpenTelemetry.class).getTracer("test");
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		tracer.spanBuilder("held").startSpan().end();
		// The receiver holds requests for up to 30 s: only the 500 ms batch timeout can end this one.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(exportCount(meters, "traces", "failed")).isPositive());
	}

	@Test
	void closingWithAStalledBackendWaitsNoLongerThanTheShutdownTimeout() throws Exception {
		this.receiver.mode(OtlpReceiver.Mode.STALL);
		// Requests that the backend holds are given 20 s: only the 1 s shutdown timeout may end the wait.
		this.context = run(this.receiver.httpEndpoint(), "openframe.telemetry.otlp.timeout=20s",
				"openframe.telemetry.metrics.export-timeout=20s", "openframe.telemetry.shutdown-timeout=1s");
		this.context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("pending").startSpan().end();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.refusedCount() > 0);
		long start = System.nanoTime();
		this.context.close();
		Duration closing = Duration.ofNanos(System.nanoTime() - start);
		// The SDK's metric reader blocks in its own shutdown (up to 5 s per step) before it
		// returns a result to wait on: that wait must count against the timeout too.
		assertThat(closing).as("time to close the context").isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void refusingBackendIsReportedAndExportResumes() throws Exception {
		this.receiver.mode(OtlpReceiver.Mode.UNAVAILABLE);
		this.context = run(this.receiver.httpEndpoint());
		Tracer tracer = this.context.getBean(OpenTelemetry.class).getTracer("test");
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		tracer.spanBuilder("while-refused").startSpan().end();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(exportCount(meters, "traces", "failed")).isPositive();
			JsonNode telemetry = health().path("components").path("telemetry");
			assertThat(telemetry.path("status").asText()).isEqualTo("UP");
			assertThat(telemetry.path("details").path("traces").path("lastError").asText()).contains("503");
		});
		assertThat(health().path("status").asText()).isEqualTo("UP");
		this.receiver.mode(OtlpReceiver.Mode.ACCEPT);
		assertRecovers(tracer);
	}

	@Test
	void absentBackendIsReportedWithoutBlocking() throws Exception {
		String closedPort = "http://127.0.0.1:" + freePort();
		this.context = run(closedPort);
		Tracer tracer = this.context.getBean(OpenTelemetry.class).getTracer("test");
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			for (int i = 0; i < 1_000; i++) {
				tracer.spanBuilder("nobody-listens").startSpan().end();
			}
		});
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(exportCount(meters, "traces", "failed")).isPositive();
			assertThat(health().path("components")
				.path("telemetry")
				.path("details")
				.path("traces")
				.path("state")
				.asText()).isEqualTo("failing");
		});
		assertThat(health().path("status").asText()).isEqualTo("UP");
	}

	private void assertRecovers(Tracer tracer) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			tracer.spanBuilder("after-recovery").startSpan().end();
			assertThat(this.receiver.spans()).extracting((span) -> span.getName()).contains("after-recovery");
			JsonNode traces = health().path("components").path("telemetry").path("details").path("traces");
			assertThat(traces.path("state").asText()).isEqualTo("ok");
		});
	}

	private static double exportCount(MeterRegistry meters, String signal, String outcome) {
		return meters.get("telemetry.export.items").tag("signal", signal).tag("outcome", outcome).functionCounter()
			.count();
	}

	private JsonNode health() throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JsonMapper.builder().build().readTree(response.body());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static ConfigurableApplicationContext run(String endpoint, String... overrides) {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"management.endpoint.health.show-details=always", "openframe.telemetry.otlp.endpoint=" + endpoint,
				"openframe.telemetry.otlp.timeout=1s", "openframe.telemetry.traces.batch.schedule-delay=100ms",
				"openframe.telemetry.traces.batch.export-timeout=2s",
				"openframe.telemetry.traces.batch.max-queue-size=200",
				"openframe.telemetry.metrics.export-interval=500ms", "openframe.telemetry.shutdown-timeout=2s"));
		properties.addAll(List.of(overrides));
		return new SpringApplicationBuilder(TestApplication.class).properties(properties.toArray(String[]::new)).run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	static class TestApplication {

	}

}
