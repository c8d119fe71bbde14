package dev.openframe.telemetry.otel.internal.export;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;

import org.springframework.beans.factory.DisposableBean;

/**
 * Flushes and shuts the SDK down when the context closes, waiting at most
 * {@code openframe.telemetry.shutdown-timeout}. Runs at bean destruction, after the web server
 * has stopped taking requests, so that the spans of the last requests are exported too.
 */
public final class TelemetryShutdown implements DisposableBean {

	private static final Log logger = LogFactory.getLog(TelemetryShutdown.class);

	private final OpenTelemetrySdk sdk;

	private final Duration timeout;

	public TelemetryShutdown(OpenTelemetrySdk sdk, Duration timeout) {
		this.sdk = sdk;
		this.timeout = timeout;
	}

	@Override
	public void destroy() {
		CompletableResultCode result = this.sdk.shutdown().join(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (!result.isDone()) {
			logger.warn("OpenTelemetry did not finish exporting within 'openframe.telemetry.shutdown-timeout' ("
					+ this.timeout + "); telemetry still pending was dropped");
		}
	}

}
