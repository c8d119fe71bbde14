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

	private final String[] excludedPrefixes;

	FilteringOpenTelemetryAppender(LoggerContext context, List<String> excludedLoggers) {
		String[] excluded = new String[excludedLoggers.size() + 1];
		excludedLoggers.toArray(excluded);
		excluded[excluded.length - 1] = "io.opentelemetry.";
		this.excludedPrefixes = excluded;
		setContext(context);
		setName(LogbackOtlpAppender.APPENDER_NAME);
		setCaptureMdcAttributes("*");
		setCaptureKeyValuePairAttributes(true);
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
