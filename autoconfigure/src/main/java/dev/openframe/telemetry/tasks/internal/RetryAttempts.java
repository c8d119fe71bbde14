package dev.openframe.telemetry.tasks.internal;

import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ImplicitContextKeyed;
import org.jspecify.annotations.Nullable;

/**
 * Counts the attempts of one {@code @Retryable} call. The call's span puts it into the context;
 * Spring's retry interceptor runs every attempt in that context, where the attempt interceptor
 * takes the next number.
 */
final class RetryAttempts implements ImplicitContextKeyed {

	private static final ContextKey<RetryAttempts> KEY = ContextKey.named("openframe-telemetry-retry-attempts");

	private final AtomicLong attempts = new AtomicLong();

	private final Span call;

	private final String attemptName;

	RetryAttempts(Span call, String callName) {
		this.call = call;
		this.attemptName = callName + " attempt";
	}

	/** The attempts of the call whose span is current, or {@code null} outside a retried call. */
	static @Nullable RetryAttempts from(Context context) {
		RetryAttempts attempts = context.get(KEY);
		return (attempts != null && Span.fromContext(context) == attempts.call) ? attempts : null;
	}

	String attemptName() {
		return this.attemptName;
	}

	long next() {
		return this.attempts.incrementAndGet();
	}

	long count() {
		return this.attempts.get();
	}

	@Override
	public Context storeInContext(Context context) {
		return context.with(KEY, this);
	}

}
