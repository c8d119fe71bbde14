package dev.openframe.telemetry.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS setting of the OTLP export that cannot work (an unknown SSL bundle, a missing or
 * unreadable PEM file, half a client key pair) stops start-up naming the property or the
 * {@code OTEL_*} variable, the value and what is allowed.
 */
class OtlpSslFailureTests {

	private static final String ENDPOINT = "openframe.telemetry.otlp.endpoint=https://127.0.0.1:4318";

	private Environment environment;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer((context) -> this.environment = context.getEnvironment())
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, TelemetrySdkAutoConfiguration.class));

	@Test
	void unknownBundleNamesThePropertyTheValueAndTheKnownBundles() {
		this.runner
			.withPropertyValues(ENDPOINT,
					"spring.ssl.bundle.pem.collector.truststore.certificate=file:"
							+ TestCertificates.get().caCertificate(),
					"openframe.telemetry.otlp.ssl.bundle=colector")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("'openframe.telemetry.otlp.ssl.bundle' must name one "
						+ "of the SSL bundles 'collector' but was 'colector'");
				assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.colector");
			});
	}

	@Test
	void bundleWithoutAnyBundleDefinedSaysNoneIs() {
		this.runner.withPropertyValues(ENDPOINT, "openframe.telemetry.traces.ssl.bundle=otlp")
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("'openframe.telemetry.traces.ssl.bundle' must name an SSL bundle defined under "
						+ "'spring.ssl.bundle' (none is) but was 'otlp'"));
	}

	@Test
	void missingCertificateFileNamesTheVariable(@TempDir Path directory) {
		Path missing = directory.resolve("missing-ca.pem");
		this.runner.withPropertyValues(ENDPOINT)
			.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_CERTIFICATE=" + missing))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("'OTEL_EXPORTER_OTLP_CERTIFICATE' (bound to "
						+ "'openframe.telemetry.otlp.ssl.certificate') must name a readable PEM file "
						+ "(NoSuchFileException")
					.endsWith("but was '" + missing + "'");
				assertThat(analysis.getAction()).contains("the environment variable 'OTEL_EXPORTER_OTLP_CERTIFICATE'");
			});
	}

	@Test
	void unreadableSignalClientKeyNamesTheSignalVariable(@TempDir Path directory) {
		Path missing = directory.resolve("client-key.pem");
		TestCertificates certificates = TestCertificates.get();
		this.runner.withPropertyValues(ENDPOINT)
			.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY=" + missing,
					"OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE=" + certificates.clientCertificate()))
			.run((context) -> assertThat(analyze(context).getDescription()).startsWith(
					"'OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY' (bound to 'openframe.telemetry.logs.ssl.client-key') "
							+ "must name a readable PEM file"));
	}

	@Test
	void fileWithoutCertificatesNamesTheProperty(@TempDir Path directory) throws IOException {
		Path notPem = Files.writeString(directory.resolve("ca.pem"), "not a certificate");
		this.runner.withPropertyValues(ENDPOINT, "openframe.telemetry.otlp.ssl.certificate=" + notPem)
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("'openframe.telemetry.otlp.ssl.certificate' must name a PEM file holding X.509 "
						+ "certificates"));
	}

	@Test
	void clientKeyWithoutClientCertificateNamesBoth() {
		this.runner
			.withPropertyValues(ENDPOINT,
					"openframe.telemetry.otlp.ssl.client-key=" + TestCertificates.get().clientKey())
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith(
						"'openframe.telemetry.otlp.ssl.client-key' must come with a 'client-certificate' "
								+ "for mutual TLS");
				assertThat(analysis.getAction()).contains("'openframe.telemetry.otlp.ssl.client-certificate'");
			});
	}

	@Test
	void bundleAndFilesTogetherAreRejected() {
		TestCertificates certificates = TestCertificates.get();
		this.runner
			.withPropertyValues(ENDPOINT,
					"spring.ssl.bundle.pem.otlp.truststore.certificate=file:" + certificates.caCertificate(),
					"openframe.telemetry.otlp.ssl.bundle=otlp",
					"openframe.telemetry.otlp.ssl.certificate=" + certificates.caCertificate())
			.run((context) -> assertThat(analyze(context).getDescription())
				.startsWith("'openframe.telemetry.otlp.ssl.certificate' must be unset when "
						+ "'openframe.telemetry.otlp.ssl.bundle' is set"));
	}

	private FailureAnalysis analyze(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new TelemetryFailureAnalyzer(this.environment).analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

}
