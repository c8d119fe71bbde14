package dev.openframe.telemetry.tasks.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * Marks the context a task is run in after it was handed to an executor, so that the first
 * {@code @EventListener} method the task reaches knows it runs asynchronously (an application
 * event multicaster with a task executor) and gets a span of its own. The span takes the mark
 * away, so that listeners of events the listener publishes in turn run in its span.
 */
public final class AsyncHandoff {

	private static final ContextKey<Boolean> PENDING = ContextKey.named("openframe-telemetry-async-handoff");

	private AsyncHandoff() {
	}

	/**
	 * Returns the context in which a handed-off task runs.
	 * @param submitted the context of the thread that submitted the task
	 * @return that context, marked as handed off
	 */
	public static Context handedOff(Context submitted) {
		return submitted.with(PENDING, Boolean.TRUE);
	}

	static boolean isPending(Context context) {
		return Boolean.TRUE.equals(context.get(PENDING));
	}

	static Context taken(Context context) {
		return isPending(context) ? context.with(PENDING, Boolean.FALSE) : context;
	}

}
