package dev.openframe.telemetry.kafka.internal;

import dev.openframe.telemetry.web.internal.HttpTelemetryKeys;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * One record or batch being handled on a listener thread: its span (if ours), the scope that makes
 * its context current, and the MDC values it replaced, restored when the delivery is over.
 */
final class Delivery {

	private static final String MDC_SESSION = HttpTelemetryKeys.MDC_SESSION_ID.key();

	private static final String MDC_TRACE = HttpTelemetryKeys.MDC_TRACE_ID.key();

	private static final String MDC_SPAN = HttpTelemetryKeys.MDC_SPAN_ID.key();

	private final @Nullable Span span;

	private final Scope scope;

	private final @Nullable String previousSession;

	private final @Nullable String previousTrace;

	private final @Nullable String previousSpan;

	private final long startNanos = System.nanoTime();

	private boolean ended;

	Delivery(@Nullable Span span, Context context) {
		this.span = span;
		this.scope = context.makeCurrent();
		this.previousSession = MDC.get(MDC_SESSION);
		this.previousTrace = MDC.get(MDC_TRACE);
		this.previousSpan = MDC.get(MDC_SPAN);
		SpanContext spanContext = Span.fromContext(context).getSpanContext();
		put(MDC_SESSION, KafkaTelemetry.sessionId(context));
		put(MDC_TRACE, spanContext.isValid() ? spanContext.getTraceId() : null);
		put(MDC_SPAN, spanContext.isValid() ? spanContext.getSpanId() : null);
	}

	/** Ends the span (once) with the outcome; returns the time since the delivery began. */
	long end(@Nullable Exception failure) {
		if (this.span != null && !this.ended) {
			if (failure != null) {
				Throwable cause = ListenerFailures.unwrap(failure);
				this.span.recordException(cause);
				this.span.setStatus(StatusCode.ERROR);
				this.span.setAttribute(MessagingKeys.ERROR_TYPE, cause.getClass().getName());
			}
			this.span.end();
		}
		this.ended = true;
		return System.nanoTime() - this.startNanos;
	}

	boolean ended() {
		return this.ended;
	}

	/** Leaves the delivery's context and gives the thread its MDC back. */
	void close() {
		this.scope.close();
		put(MDC_SESSION, this.previousSession);
		put(MDC_TRACE, this.previousTrace);
		put(MDC_SPAN, this.previousSpan);
	}

	static @Nullable String groupId(Consumer<?, ?> consumer) {
		try {
			return consumer.groupMetadata().groupId();
		}
		catch (RuntimeException ex) {
			// A consumer without a group (manual assignment) has no group metadata.
			return null;
		}
	}

	private static void put(String key, @Nullable String value) {
		if (value != null) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

}
