package dev.openframe.telemetry.tasks.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys of the task spans that no stable semantic convention names yet; the others
 * ({@code code.function.name}, {@code error.type}) come from {@code opentelemetry-semconv}.
 */
final class TaskSpanKeys {

	/** Number of one attempt of a {@code @Retryable} call, 1 for the first. */
	static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("retry.attempt");

	/** How one attempt of a {@code @Retryable} call ended: {@code success} or {@code failure}. */
	static final AttributeKey<String> RETRY_OUTCOME = AttributeKey.stringKey("retry.outcome");

	/** Number of attempts a {@code @Retryable} call made in all, set on the call's span. */
	static final AttributeKey<Long> RETRY_ATTEMPTS = AttributeKey.longKey("retry.attempts");

	static final String SUCCESS = "success";

	static final String FAILURE = "failure";

	private TaskSpanKeys() {
	}

}
