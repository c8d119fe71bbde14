package dev.openframe.telemetry.web.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the one log event per request, on logger {@code dev.openframe.telemetry.http}: INFO,
 * or WARN for status 500 and above and for exceptions. The values go as SLF4J key-value pairs,
 * which structured formats (ECS, Logstash) turn into JSON members; the plain-text message
 * carries no query string, header or body, and control characters in it are replaced, so a
 * hostile path cannot split or forge a line.
 */
public final class RequestLog {

	/** Name of the logger. */
	public static final String LOGGER_NAME = "dev.openframe.telemetry.http";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private RequestLog() {
	}

	/**
	 * Whether an event of this outcome would be written.
	 * @param warn whether it would be a warning
	 * @return {@code true} if the logger's level lets it through
	 */
	static boolean isEnabled(boolean warn) {
		return warn ? logger.isWarnEnabled() : logger.isInfoEnabled();
	}

	static void log(boolean warn, String method, String route, String path, int status, long durationMillis,
			long bodyBytes) {
		LoggingEventBuilder event = logger.atLevel(warn ? Level.WARN : Level.INFO);
		event.addKeyValue(HttpTelemetryKeys.HTTP_REQUEST_METHOD.key(), method)
			.addKeyValue(HttpTelemetryKeys.HTTP_ROUTE.key(), route)
			.addKeyValue(HttpTelemetryKeys.URL_PATH.key(), path)
			.addKeyValue(HttpTelemetryKeys.HTTP_RESPONSE_STATUS_CODE.key(), status)
			.addKeyValue(HttpTelemetryKeys.DURATION_MS.key(), durationMillis)
			.addKeyValue(HttpTelemetryKeys.HTTP_RESPONSE_BODY_SIZE.key(), bodyBytes)
			.log(message(method, path, status, durationMillis));
	}

	private static String message(String method, String path, int status, long durationMillis) {
		StringBuilder message = new StringBuilder(method.length() + path.length() + 24);
		message.append(method).append(' ');
		appendSafe(message, path);
		return message.append(" -> ").append(status).append(" in ").append(durationMillis).append(" ms").toString();
	}

	/** Copies text, replacing control characters so that nothing can start a new log line. */
	public static void appendSafe(StringBuilder target, String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			target.append((c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) ? '?' : c);
		}
	}

}
