package dev.openframe.telemetry.otel.internal;

import java.util.List;

/**
 * Loggers whose events the OTLP log export leaves out, by name prefix, contributed by the feature
 * that owns them (the per-request log event repeats what the server span carries, so the HTTP
 * auto-configuration leaves it out unless asked to export it).
 *
 * @param loggerPrefixes logger name prefixes not exported
 */
public record LogExportExclusions(List<String> loggerPrefixes) {

	public LogExportExclusions {
		loggerPrefixes = List.copyOf(loggerPrefixes);
	}

}
