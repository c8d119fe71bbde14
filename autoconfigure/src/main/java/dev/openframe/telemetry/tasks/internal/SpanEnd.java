package dev.openframe.telemetry.tasks.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.semconv.ErrorAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Ends task spans the same way everywhere: an exception is recorded as an event, sets status
 * ERROR and {@code error.type} to its fully qualified class name (OpenTelemetry conventions).
 */
final class SpanEnd {

	private SpanEnd() {
	}

	static void end(Span span, @Nullable Throwable failure) {
		if (failure != null) {
			fail(span, failure);
		}
		span.end();
	}

	static void fail(Span span, Throwable failure) {
		Throwable cause = unwrap(failure);
		span.recordException(cause);
		span.setStatus(StatusCode.ERROR);
		span.setAttribute(ErrorAttributes.ERROR_TYPE, cause.getClass().getName());
	}

	/** A failed {@code CompletableFuture} hands its callbacks the cause wrapped. */
	static Throwable unwrap(Throwable failure) {
		if ((failure instanceof CompletionException || failure instanceof ExecutionException)
				&& failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

}
