package dev.openframe.telemetry.otel.internal.export;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
		// The SDK's shutdown() does not only return a result to wait on: the periodic metric
		// reader blocks inside it (up to 5 s for its scheduler, 5 s for an export in flight, 5 s
		// for the last export), so called here it could hold the context's close for 15 s past
		// the timeout. Called on its own daemon thread, only the timeout holds it.
		CompletableResultCode done = new CompletableResultCode();
		Thread shutdown = new Thread(() -> {
			try {
				this.sdk.shutdown().whenComplete(done::succeed);
			}
			catch (RuntimeException ex) {
				logger.warn("OpenTelemetry failed to shut down", ex);
				done.fail();
			}
		}, "openframe-telemetry-shutdown");
		shutdown.setDaemon(true);
		shutdown.start();
		if (!done.join(this.timeout.toMillis(), TimeUnit.MILLISECONDS).isDone()) {
			logger.warn("OpenTelemetry did not finish exporting within 'openframe.telemetry.shutdown-timeout' ("
					+ this.timeout + "); telemetry still pending was dropped");
		}
	}

}
