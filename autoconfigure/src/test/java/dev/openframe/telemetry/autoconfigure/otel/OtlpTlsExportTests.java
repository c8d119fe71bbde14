package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.testsupport.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Export to a real receiver that speaks https and gRPC over TLS, with certificates made at run
 * time: the receiver is verified against a trusted CA from an SSL bundle or from the
 * {@code OTEL_EXPORTER_OTLP_CERTIFICATE} file, and mutual TLS works with a client certificate
 * and fails without one.
 */
class OtlpTlsExportTests {

	private static final TestCertificates certificates = TestCertificates.get();

	private OtlpReceiver receiver;

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
	}

	@Test
	void httpExportVerifiesTheReceiverWithAnSslBundle() {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), false));
		this.context = run(null, "openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"spring.ssl.bundle.pem.otlp.truststore.certificate=file:" + certificates.caCertificate(),
				"openframe.telemetry.otlp.ssl.bundle=otlp");
		assertSpansArrive("http");
	}

	@Test
	void httpsConnectionIsKeptAliveAcrossExports() {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), false));
		this.context = run(null, "openframe.telemetry.traces.endpoint=" + this.receiver.httpEndpoint() + "/v1/traces",
				"spring.ssl.bundle.pem.otlp.truststore.certificate=file:" + certificates.caCertificate(),
				"openframe.telemetry.traces.ssl.bundle=otlp");
		OpenTelemetry openTelemetry = this.context.getBean(OpenTelemetry.class);
		for (int i = 1; i <= 3; i++) {
			openTelemetry.getTracer("tls").spanBuilder("keep-alive-" + i).startSpan().end();
			int expected = i;
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(this.receiver.requests("traces")).hasSize(expected));
		}
		// A new TLS handshake per export would show up as a new client port per request.
		assertThat(this.receiver.httpClientPorts()).hasSize(1);
	}

	@Test
	void grpcExportVerifiesTheReceiverWithAnSslBundle() {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), false));
		this.context = run(null, "openframe.telemetry.otlp.endpoint=" + this.receiver.grpcEndpoint(),
				"openframe.telemetry.otlp.protocol=grpc",
				"spring.ssl.bundle.pem.otlp.truststore.certificate=file:" + certificates.caCertificate(),
				"openframe.telemetry.otlp.ssl.bundle=otlp");
		assertSpansArrive("grpc");
	}

	@Test
	void httpExportVerifiesTheReceiverWithTheCertificateVariable() {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), false));
		this.context = run(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=" + this.receiver.httpEndpoint(),
				"OTEL_EXPORTER_OTLP_CERTIFICATE=" + certificates.caCertificate()));
		assertSpansArrive("http");
	}

	@Test
	void httpMutualTlsWithTheClientCertificateVariables() {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), true));
		this.context = run(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=" + this.receiver.httpEndpoint(),
				"OTEL_EXPORTER_OTLP_CERTIFICATE=" + certificates.caCertificate(),
				"OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY=" + certificates.clientKey(),
				"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE=" + certificates.clientCertificate()));
		assertSpansArrive("http");
	}

	@Test
	void grpcMutualTlsWithAnSslBundle() {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), true));
		this.context = run(null, "openframe.telemetry.otlp.endpoint=" + this.receiver.grpcEndpoint(),
				"openframe.telemetry.otlp.protocol=grpc",
				"spring.ssl.bundle.pem.otlp.truststore.certificate=file:" + certificates.caCertificate(),
				"spring.ssl.bundle.pem.otlp.keystore.certificate=file:" + certificates.clientCertificate(),
				"spring.ssl.bundle.pem.otlp.keystore.private-key=file:" + certificates.clientKey(),
				"openframe.telemetry.otlp.ssl.bundle=otlp");
		assertSpansArrive("grpc");
	}

	@Test
	void httpExportWithoutTheRequiredClientCertificateFails() {
		assertExportFailsWithoutClientCertificate((receiver) -> receiver.httpEndpoint(), "http/protobuf");
	}

	@Test
	void grpcExportWithoutTheRequiredClientCertificateFails() {
		assertExportFailsWithoutClientCertificate((receiver) -> receiver.grpcEndpoint(), "grpc");
	}

	private void assertExportFailsWithoutClientCertificate(Function<OtlpReceiver, String> endpoint, String protocol) {
		this.receiver = OtlpReceiver.start(certificates.receiverTls(certificates.serverKeyStore(), true));
		// The refused handshake may only show as a timeout: a short one keeps the wait short.
		this.context = run(null, "openframe.telemetry.otlp.endpoint=" + endpoint.apply(this.receiver),
				"openframe.telemetry.otlp.protocol=" + protocol, "openframe.telemetry.otlp.timeout=1s",
				"openframe.telemetry.otlp.ssl.certificate=" + certificates.caCertificate());
		MeterRegistry meters = this.context.getBean(MeterRegistry.class);
		OpenTelemetry openTelemetry = this.context.getBean(OpenTelemetry.class);
		openTelemetry.getTracer("tls").spanBuilder("no-client-certificate").startSpan().end();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(meters.get("telemetry.export.items")
			.tag("signal", "traces")
			.tag("outcome", "failed")
			.functionCounter()
			.count()).isPositive());
		assertThat(this.receiver.spans()).isEmpty();
	}

	private void assertSpansArrive(String transport) {
		this.context.getBean(OpenTelemetry.class).getTracer("tls").spanBuilder("over-tls").startSpan().end();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(
				() -> assertThat(this.receiver.spans()).extracting((span) -> span.getName()).contains("over-tls"));
		assertThat(this.receiver.requests("traces")).allSatisfy(
				(request) -> assertThat(request.transport()).isEqualTo(transport));
	}

	private static ConfigurableApplicationContext run(
			ApplicationContextInitializer<ConfigurableApplicationContext> environment, String... properties) {
		List<String> all = new ArrayList<>(List.of("openframe.telemetry.traces.batch.schedule-delay=100ms",
				"openframe.telemetry.otlp.timeout=5s", "openframe.telemetry.metrics.enabled=false",
				"openframe.telemetry.logs.enabled=false"));
		all.addAll(List.of(properties));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new));
		if (environment != null) {
			builder.initializers(environment);
		}
		return builder.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	static class TestApplication {

	}

}
