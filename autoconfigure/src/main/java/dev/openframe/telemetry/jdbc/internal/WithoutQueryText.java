package dev.openframe.telemetry.jdbc.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.opentelemetry.instrumentation.jdbc.internal.DbRequest;
import io.opentelemetry.semconv.DbAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The instrumentation's attribute extractor without {@code db.query.text}: it has no switch for
 * the text, and the builder the instrumenter hands out cannot remove an attribute once put, so the
 * text is kept from reaching it.
 */
final class WithoutQueryText implements AttributesExtractor<DbRequest, Void> {

	private final AttributesExtractor<DbRequest, Void> delegate;

	WithoutQueryText(AttributesExtractor<DbRequest, Void> delegate) {
		this.delegate = delegate;
	}

	@Override
	public void onStart(AttributesBuilder attributes, Context parentContext, DbRequest request) {
		this.delegate.onStart(new Filtering(attributes), parentContext, request);
	}

	@Override
	public void onEnd(AttributesBuilder attributes, Context context, DbRequest request, @Nullable Void response,
			@Nullable Throwable error) {
		this.delegate.onEnd(new Filtering(attributes), context, request, response, error);
	}

	/** Passes every attribute on but the query text. */
	private static final class Filtering implements AttributesBuilder {

		private final AttributesBuilder target;

		Filtering(AttributesBuilder target) {
			this.target = target;
		}

		@Override
		public Attributes build() {
			return this.target.build();
		}

		@Override
		public <T> AttributesBuilder put(AttributeKey<T> key, @Nullable T value) {
			if (!DbAttributes.DB_QUERY_TEXT.equals(key)) {
				this.target.put(key, value);
			}
			return this;
		}

		@Override
		public <T> AttributesBuilder put(AttributeKey<Long> key, int value) {
			this.target.put(key, value);
			return this;
		}

		@Override
		public AttributesBuilder putAll(Attributes attributes) {
			attributes.forEach(this::putUnchecked);
			return this;
		}

		@SuppressWarnings("unchecked")
		private void putUnchecked(AttributeKey<?> key, Object value) {
			put((AttributeKey<Object>) key, value);
		}

	}

}
