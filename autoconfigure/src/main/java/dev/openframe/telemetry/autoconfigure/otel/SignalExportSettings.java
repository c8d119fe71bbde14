package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.openframe.telemetry.otel.internal.Signal;
import org.jspecify.annotations.Nullable;

/**
 * Where and how one signal is exported: the shared OTLP settings with the signal's overrides
 * applied. The endpoint is the full URL (http/protobuf) or the server address (grpc). The one
 * place that decides whether a signal is exported over OTLP at all.
 *
 * @param signal the signal
 * @param endpoint full endpoint URL
 * @param protocol transport protocol
 * @param protocolProperty the property that chose the protocol, for error messages
 * @param headers request headers
 * @param compression request compression
 * @param timeout export request timeout
 * @param ssl TLS settings, or {@code null} for the JVM's defaults
 */
record SignalExportSettings(Signal signal, String endpoint, OtlpProtocol protocol, String protocolProperty,
		Map<String, String> headers, OtlpCompression compression, Duration timeout, @Nullable OtlpSsl ssl) {

	/**
	 * Resolves the settings of one signal.
	 * @param properties the bound properties
	 * @param signal the signal
	 * @return its settings, or {@code null} when the signal is not exported
	 */
	static @Nullable SignalExportSettings resolve(TelemetryProperties properties, Signal signal) {
		TelemetryProperties.SignalExport export = properties.signal(signal);
		if (!export.isEnabled() || export.getExporter() != ExporterType.OTLP) {
			return null;
		}
		TelemetryProperties.Otlp otlp = properties.getOtlp();
		boolean ownProtocol = export.getProtocol() != null;
		OtlpProtocol protocol = ownProtocol ? export.getProtocol() : otlp.getProtocol();
		String endpoint = endpoint(export.getEndpoint(), otlp.getEndpoint(), protocol, signal);
		if (endpoint == null) {
			return null;
		}
		String protocolProperty = TelemetryProperties.PREFIX + "." + (ownProtocol ? signal.tagValue() : "otlp")
				+ ".protocol";
		Map<String, String> headers = new LinkedHashMap<>(otlp.getHeaders());
		headers.putAll(export.getHeaders());
		OtlpCompression compression = (export.getCompression() != null) ? export.getCompression()
				: otlp.getCompression();
		Duration timeout = (export.getTimeout() != null) ? export.getTimeout() : otlp.getTimeout();
		return new SignalExportSettings(signal, endpoint, protocol, protocolProperty, Map.copyOf(headers),
				compression, timeout, OtlpSsl.resolve(properties, signal));
	}

	/**
	 * These settings with the timeout cut to at most {@code limit}. The http/protobuf sender
	 * exports on the processor's own thread, so a batch processor's export timeout shorter than
	 * the request timeout has to reach the request to bound the wait.
	 * @param limit the longest timeout
	 * @return settings whose timeout is at most {@code limit}
	 */
	SignalExportSettings withTimeoutAtMost(Duration limit) {
		return (this.timeout.compareTo(limit) <= 0) ? this
				: new SignalExportSettings(this.signal, this.endpoint, this.protocol, this.protocolProperty,
						this.headers, this.compression, limit, this.ssl);
	}

	private static @Nullable String endpoint(@Nullable String signalEndpoint, @Nullable String baseEndpoint,
			OtlpProtocol protocol, Signal signal) {
		if (signalEndpoint != null && !signalEndpoint.isBlank()) {
			return signalEndpoint.trim();
		}
		if (baseEndpoint == null || baseEndpoint.isBlank()) {
			return null;
		}
		String base = baseEndpoint.trim();
		if (protocol == OtlpProtocol.GRPC) {
			return base;
		}
		return (base.endsWith("/") ? base : base + "/") + "v1/" + signal.tagValue();
	}

}
