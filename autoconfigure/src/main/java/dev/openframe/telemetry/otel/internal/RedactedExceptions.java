package dev.openframe.telemetry.otel.internal;

import java.util.IdentityHashMap;
import java.util.Map;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.semconv.ExceptionAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Records a failure on a span as OpenTelemetry's {@code exception} event does, but without the
 * messages of the exception and its causes: a driver's message quotes the statement and its values
 * (H2 writes the SQL and the duplicate key, PostgreSQL the key's value unquoted in its detail), so
 * no sanitizer can be trusted with it. The event keeps {@code exception.type} and a
 * {@code exception.stacktrace} whose lines name each exception's class and frames only.
 */
public final class RedactedExceptions {

	/** Name of the event, as {@code Span.recordException} writes it. */
	public static final String EVENT_NAME = "exception";

	// A driver's chain of causes could loop or be very deep; the trace says enough by then.
	private static final int MAX_CAUSES = 16;

	private RedactedExceptions() {
	}

	/**
	 * Adds the {@code exception} event of a failure to a span.
	 * @param span the span
	 * @param error the failure
	 * @param message the message to keep, one known to carry no data, or {@code null} for none
	 * @param extra attributes added to the event, such as the SQLState
	 */
	public static void record(Span span, Throwable error, @Nullable String message, Attributes extra) {
		AttributesBuilder attributes = Attributes.builder()
			.put(ExceptionAttributes.EXCEPTION_TYPE, typeName(error))
			.put(ExceptionAttributes.EXCEPTION_STACKTRACE, stackTrace(error));
		if (message != null) {
			attributes.put(ExceptionAttributes.EXCEPTION_MESSAGE, message);
		}
		span.addEvent(EVENT_NAME, attributes.putAll(extra).build());
	}

	/**
	 * The stack trace of a failure and its causes as {@code printStackTrace} writes it, each
	 * exception's line holding its class name alone, without its message.
	 * @param error the failure
	 * @return the text
	 */
	public static String stackTrace(Throwable error) {
		StringBuilder text = new StringBuilder(1024);
		Map<Throwable, Boolean> seen = new IdentityHashMap<>();
		StackTraceElement[] enclosing = new StackTraceElement[0];
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_CAUSES && seen.put(current, Boolean.TRUE) == null;
				depth++, current = current.getCause()) {
			if (depth > 0) {
				text.append("Caused by: ");
			}
			text.append(typeName(current)).append('\n');
			StackTraceElement[] frames = current.getStackTrace();
			int unique = uniqueFrames(frames, enclosing);
			for (int i = 0; i < unique; i++) {
				text.append("\tat ").append(frames[i]).append('\n');
			}
			if (unique < frames.length) {
				text.append("\t... ").append(frames.length - unique).append(" more\n");
			}
			enclosing = frames;
		}
		return text.toString();
	}

	// The frames a cause shares with the exception that wraps it are written once, as the JDK does.
	private static int uniqueFrames(StackTraceElement[] frames, StackTraceElement[] enclosing) {
		int mine = frames.length - 1;
		int theirs = enclosing.length - 1;
		while (mine >= 0 && theirs >= 0 && frames[mine].equals(enclosing[theirs])) {
			mine--;
			theirs--;
		}
		return mine + 1;
	}

	private static String typeName(Throwable error) {
		// As the SDK writes exception.type: the canonical name, where the class has one.
		String canonical = error.getClass().getCanonicalName();
		return (canonical != null) ? canonical : error.getClass().getName();
	}

}
