package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.otel.internal.Signal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which TLS settings a signal's export uses: its own bundle as a whole, its own PEM files one by
 * one over the shared ones, the shared settings otherwise, and the JVM's defaults when none is set.
 */
class OtlpSslTests {

	private final TelemetryProperties properties = new TelemetryProperties();

	@Test
	void noSettingsLeaveTheJvmDefaults() {
		assertThat(OtlpSsl.resolve(this.properties, Signal.TRACES)).isNull();
	}

	@Test
	void signalsWithoutOwnSettingsUseTheSharedBundle() {
		this.properties.getOtlp().getSsl().setBundle("shared");
		OtlpSsl ssl = OtlpSsl.resolve(this.properties, Signal.METRICS);
		assertThat(ssl.bundle()).isEqualTo(new OtlpSsl.Setting("openframe.telemetry.otlp.ssl.bundle", "shared"));
	}

	@Test
	void signalBundleWinsOverSharedFiles() {
		this.properties.getOtlp().getSsl().setCertificate("/shared/ca.pem");
		this.properties.getLogs().getSsl().setBundle("logs");
		OtlpSsl ssl = OtlpSsl.resolve(this.properties, Signal.LOGS);
		assertThat(ssl.bundle()).isEqualTo(new OtlpSsl.Setting("openframe.telemetry.logs.ssl.bundle", "logs"));
		assertThat(ssl.certificate()).isNull();
		assertThat(OtlpSsl.resolve(this.properties, Signal.TRACES).certificate().value()).isEqualTo("/shared/ca.pem");
	}

	@Test
	void signalFilesWinOneByOneOverSharedFiles() {
		this.properties.getOtlp().getSsl().setCertificate("/shared/ca.pem");
		this.properties.getTraces().getSsl().setClientKey("/traces/key.pem");
		this.properties.getTraces().getSsl().setClientCertificate("/traces/cert.pem");
		OtlpSsl ssl = OtlpSsl.resolve(this.properties, Signal.TRACES);
		assertThat(ssl.bundle()).isNull();
		assertThat(ssl.certificate()).isEqualTo(new OtlpSsl.Setting("openframe.telemetry.otlp.ssl.certificate",
				"/shared/ca.pem"));
		assertThat(ssl.clientKey()).isEqualTo(new OtlpSsl.Setting("openframe.telemetry.traces.ssl.client-key",
				"/traces/key.pem"));
		assertThat(ssl.clientCertificate().value()).isEqualTo("/traces/cert.pem");
	}

	@Test
	void signalFilesReplaceASharedBundle() {
		this.properties.getOtlp().getSsl().setBundle("shared");
		this.properties.getTraces().getSsl().setCertificate("/traces/ca.pem");
		OtlpSsl ssl = OtlpSsl.resolve(this.properties, Signal.TRACES);
		assertThat(ssl.bundle()).isNull();
		assertThat(ssl.certificate().value()).isEqualTo("/traces/ca.pem");
	}

}
