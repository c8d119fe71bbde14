package dev.openframe.telemetry.tasks.internal;

import java.util.function.Supplier;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Opens a span per attempt of a {@code @Retryable} call, a child of the call's span, named
 * {@code {SimpleClassName}.{method} attempt} with {@code retry.attempt} (1 for the first) and
 * {@code retry.outcome}. It sits inside Spring's retry interceptor, which runs the rest of the
 * interceptor chain once per attempt. Reactive return types are retried by Reactor after the
 * method has returned, so their attempts get no spans.
 */
final class RetryAttemptInterceptor implements MethodInterceptor {

	private final Supplier<Tracer> tracer;

	RetryAttemptInterceptor(Supplier<Tracer> tracer) {
		this.tracer = tracer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Context context = Context.current();
		RetryAttempts attempts = RetryAttempts.from(context);
		if (attempts == null) {
			return invocation.proceed();
		}
		long attempt = attempts.next();
		Span span = this.tracer.get()
			.spanBuilder(attempts.attemptName())
			.setParent(context)
			.setAttribute(TaskSpanKeys.RETRY_ATTEMPT, attempt)
			.startSpan();
		try (Scope scope = span.makeCurrent()) {
			Object result = invocation.proceed();
			span.setAttribute(TaskSpanKeys.RETRY_OUTCOME, TaskSpanKeys.SUCCESS);
			SpanEnd.end(span, null);
			return result;
		}
		catch (Throwable ex) {
			span.setAttribute(TaskSpanKeys.RETRY_OUTCOME, TaskSpanKeys.FAILURE);
			SpanEnd.end(span, ex);
			throw ex;
		}
	}

}
