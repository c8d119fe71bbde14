package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;

import dev.openframe.telemetry.otel.internal.Signal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link SignalExportSettings} derives one signal's export from the shared OTLP settings and
 * the signal's overrides.
 */
class SignalExportSettingsTests {

	private final TelemetryProperties properties = new TelemetryProperties();

	@Test
	void noEndpointMeansNoExport() {
		assertThat(SignalExportSettings.resolve(this.properties, Signal.TRACES)).isNull();
	}

	@Test
	void blankEndpointMeansNoExport() {
		this.properties.getOtlp().setEndpoint("  ");
		this.properties.getLogs().setEndpoint("");
		assertThat(SignalExportSettings.resolve(this.properties, Signal.LOGS)).isNull();
	}

	@Test
	void httpEndpointGetsTheSignalPath() {
		this.properties.getOtlp().setEndpoint("http://collector:4318");
		assertThat(SignalExportSettings.resolve(this.properties, Signal.METRICS).endpoint())
			.isEqualTo("http://collector:4318/v1/metrics");
		this.properties.getOtlp().setEndpoint("http://collector:4318/");
		assertThat(SignalExportSettings.resolve(this.properties, Signal.LOGS).endpoint())
			.isEqualTo("http://collector:4318/v1/logs");
	}

	@Test
	void grpcEndpointIsTheServerAddress() {
		this.properties.getOtlp().setEndpoint("http://collector:4317");
		this.properties.getOtlp().setProtocol(OtlpProtocol.GRPC);
		SignalExportSettings settings = SignalExportSettings.resolve(this.properties, Signal.TRACES);
		assertThat(settings.endpoint()).isEqualTo("http://collector:4317");
		assertThat(settings.protocolProperty()).isEqualTo("openframe.telemetry.otlp.protocol");
	}

	@Test
	void signalEndpointIsUsedAsIs() {
		this.properties.getTraces().setEndpoint(" http://tempo:4318/custom ");
		assertThat(SignalExportSettings.resolve(this.properties, Signal.TRACES).endpoint())
			.isEqualTo("http://tempo:4318/custom");
		assertThat(SignalExportSettings.resolve(this.properties, Signal.METRICS)).isNull();
	}

	@Test
	void signalOverridesWinAndHeadersAdd() {
		this.properties.getOtlp().setEndpoint("http://collector:4318");
		this.properties.getOtlp().getHeaders().put("api-key", "shared");
		this.properties.getOtlp().setTimeout(Duration.ofSeconds(10));
		this.properties.getTraces().getHeaders().put("tenant", "blue");
		this.properties.getTraces().setCompression(OtlpCompression.GZIP);
		this.properties.getTraces().setTimeout(Duration.ofSeconds(3));
		this.properties.getTraces().setProtocol(OtlpProtocol.GRPC);
		SignalExportSettings settings = SignalExportSettings.resolve(this.properties, Signal.TRACES);
		assertThat(settings.headers()).containsEntry("api-key", "shared").containsEntry("tenant", "blue");
		assertThat(settings.compression()).isEqualTo(OtlpCompression.GZIP);
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.protocolProperty()).isEqualTo("openframe.telemetry.traces.protocol");
		SignalExportSettings metrics = SignalExportSettings.resolve(this.properties, Signal.METRICS);
		assertThat(metrics.headers()).containsOnlyKeys("api-key");
		assertThat(metrics.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(metrics.protocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
	}

	@Test
	void disabledSignalIsNotExported() {
		this.properties.getOtlp().setEndpoint("http://collector:4318");
		this.properties.getMetrics().setEnabled(false);
		assertThat(SignalExportSettings.resolve(this.properties, Signal.METRICS)).isNull();
	}

	@Test
	void timeoutIsCutToTheBatchExportTimeout() {
		this.properties.getOtlp().setEndpoint("http://collector:4318");
		SignalExportSettings settings = SignalExportSettings.resolve(this.properties, Signal.TRACES);
		assertThat(settings.withTimeoutAtMost(Duration.ofMillis(500)).timeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(settings.withTimeoutAtMost(Duration.ofMinutes(1))).isSameAs(settings);
	}

}
