package dev.openframe.telemetry.otel.internal;

import java.util.List;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

/**
 * OpenTelemetry's Logback appender, set up as the starter uses it (MDC and key-value pairs
 * captured), leaving out loggers by name prefix. Events of the OpenTelemetry SDK itself are
 * always left out: a failing export would otherwise log, export that log, fail again, and feed
 * on itself.
 */
final class FilteringOpenTelemetryAppender extends OpenTelemetryAppender {

	private static final String SDK_PREFIX = "io.opentelemetry.";

	private volatile String[] excludedPrefixes = { SDK_PREFIX };

	FilteringOpenTelemetryAppender(LoggerContext context) {
		setContext(context);
		setName(LogbackOtlpAppender.APPENDER_NAME);
		setCaptureMdcAttributes("*");
		setCaptureKeyValuePairAttributes(true);
	}

	/**
	 * Leaves out these loggers too, from now on.
	 * @param loggerPrefixes logger name prefixes not exported
	 */
	void exclude(List<String> loggerPrefixes) {
		String[] excluded = new String[loggerPrefixes.size() + 1];
		loggerPrefixes.toArray(excluded);
		excluded[excluded.length - 1] = SDK_PREFIX;
		this.excludedPrefixes = excluded;
	}

	@Override
	protected void append(ILoggingEvent event) {
		String name = event.getLoggerName();
		for (String prefix : this.excludedPrefixes) {
			if (name.startsWith(prefix)) {
				return;
			}
		}
		super.append(event);
	}

}
