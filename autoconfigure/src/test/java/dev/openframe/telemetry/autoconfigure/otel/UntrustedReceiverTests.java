package dev.openframe.telemetry.autoconfigure.otel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.testsupport.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An {@code https://} receiver whose certificate the application does not trust: every export
 * fails with a reason that says so, logged once, counted and shown by the health contributor,
 * while the application keeps answering requests at once.
 */
@ExtendWith(OutputCaptureExtension.class)
class UntrustedReceiverTests {

	private static final String REASON = "TLS: the receiver's certificate is not trusted";

	private final TestCertificates certificates = TestCertificates.get();

	private final OtlpReceiver receiver = OtlpReceiver
		.start(this.certificates.receiverTls(this.certificates.untrustedServerKeyStore(), false));

	private final HttpClient client = HttpClient.newHttpClient();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		this.receiver.close();
	}

	@Test
	void untrustedCertificateFailsExportWithAClearReasonLoggedOnceCountedAndShownWithoutBlockingRequests(
			CapturedOutput output) throws Exception {
		this.context = new SpringApplicationBuilder(TestApplication.class).properties("server.port=0",
				"server.address=127.0.0.1", "management.endpoint.health.show-details=always",
				"openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"spring.ssl.bundle.pem.otlp.truststore.certificate=file:" + this.certificates.caCertificate(),
				"openframe.telemetry.otlp.ssl.bundle=otlp", "openframe.telemetry.otlp.timeout=2s",
				"openframe.telemetry.traces.batch.schedule-delay=100ms", "openframe.telemetry.metrics.enabled=false",
				"openframe.telemetry.logs.enabled=false")
			.run();
		Tracer tracer = this.context.getBean(OpenTelemetry.class).getTracer("tls");
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		// At least three failed exports, each of one span.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			tracer.spanBuilder("to-an-untrusted-receiver").startSpan().end();
			assertThat(meters.get("telemetry.export.items")
				.tag("signal", "traces")
				.tag("outcome", "failed")
				.functionCounter()
				.count()).isGreaterThanOrEqualTo(3);
		});
		// Requests are served at once while every export fails: the request's span ends on a queue.
		// The first request also initializes the DispatcherServlet, so it is not timed.
		assertThat(get("/ping").body()).isEqualTo("pong");
		for (int i = 0; i < 20; i++) {
			assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> get("/ping")).body()).isEqualTo("pong");
		}
		JsonNode traces = assertTimeoutPreemptively(Duration.ofSeconds(5), this::health).path("components")
			.path("telemetry")
			.path("details")
			.path("traces");
		assertThat(traces.path("state").asText()).isEqualTo("failing");
		assertThat(traces.path("lastError").asText()).startsWith(REASON)
			.contains("unable to find valid certification path");
		assertThat(output.getAll().lines().filter((line) -> line.contains("OTLP export of traces failed: " + REASON)))
			.hasSize(1);
		assertThat(this.receiver.requests()).isEmpty();
	}

	private JsonNode health() throws IOException, InterruptedException {
		return JsonMapper.builder().build().readTree(get("/actuator/health").body());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	@Import(PingController.class)
	static class TestApplication {

	}

	@RestController
	static class PingController {

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

}
