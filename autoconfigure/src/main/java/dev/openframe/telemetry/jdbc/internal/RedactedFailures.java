package dev.openframe.telemetry.jdbc.internal;

import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.otel.internal.RedactedExceptions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.opentelemetry.semconv.DbAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the driver's message out of a failed statement's span. The instrumenter records every
 * failure with {@code Span.recordException}, message and all, and a driver's message quotes the
 * statement's values (a duplicate key, a value too long) whatever {@code db.query.text} carries. So
 * the statement's span is handed to the instrumenter behind a {@link RedactingSpan} that records
 * the exception's type, SQLState and stack trace, never a message. Spans that do not record (not
 * sampled) are left as they are: nothing of them is exported.
 */
final class RedactedFailures implements OperationListener {

	@Override
	public Context onStart(Context context, Attributes startAttributes, long startNanos) {
		Span span = Span.fromContext(context);
		return span.isRecording() ? context.with(new RedactingSpan(span)) : context;
	}

	@Override
	public void onEnd(Context context, Attributes endAttributes, long endNanos) {
		// Nothing to do: the span records its failure itself.
	}

	/** A statement span that records failures without their messages; all else goes to the span. */
	static final class RedactingSpan implements Span {

		private final Span delegate;

		RedactingSpan(Span delegate) {
			this.delegate = delegate;
		}

		@Override
		public Span recordException(Throwable exception, Attributes additionalAttributes) {
			String sqlState = StatementAttributesGetter.sqlState(exception);
			Attributes extra = (sqlState != null)
					? additionalAttributes.toBuilder().put(DbAttributes.DB_RESPONSE_STATUS_CODE, sqlState).build()
					: additionalAttributes;
			RedactedExceptions.record(this.delegate, exception, null, extra);
			return this;
		}

		@Override
		public Span setStatus(StatusCode statusCode, @Nullable String description) {
			// A description would be the exception's message again.
			this.delegate.setStatus(statusCode);
			return this;
		}

		@Override
		public <T> Span setAttribute(AttributeKey<T> key, @Nullable T value) {
			this.delegate.setAttribute(key, value);
			return this;
		}

		@Override
		public Span addEvent(String name, Attributes attributes) {
			this.delegate.addEvent(name, attributes);
			return this;
		}

		@Override
		public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
			this.delegate.addEvent(name, attributes, timestamp, unit);
			return this;
		}

		@Override
		public Span addLink(SpanContext spanContext, Attributes attributes) {
			this.delegate.addLink(spanContext, attributes);
			return this;
		}

		@Override
		public Span updateName(String name) {
			this.delegate.updateName(name);
			return this;
		}

		@Override
		public void end() {
			this.delegate.end();
		}

		@Override
		public void end(long timestamp, TimeUnit unit) {
			this.delegate.end(timestamp, unit);
		}

		@Override
		public SpanContext getSpanContext() {
			return this.delegate.getSpanContext();
		}

		@Override
		public boolean isRecording() {
			return this.delegate.isRecording();
		}

	}

}
