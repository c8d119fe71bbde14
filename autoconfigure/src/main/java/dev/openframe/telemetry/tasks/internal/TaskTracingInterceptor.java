package dev.openframe.telemetry.tasks.internal;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * Opens one span around a call of a {@code @WithSpan}, {@code @Async}, {@code @Retryable} or
 * asynchronously run {@code @EventListener} method. It sits inside Spring's async interceptor
 * (so an {@code @Async} span runs on the executor's thread, a child of the submitting span, whose
 * context the executor carried over) and outside Spring's retry interceptor (so all attempts of a
 * retried call sit under one span, which records the final failure). A returned
 * {@code CompletionStage} ends the span when it completes.
 */
final class TaskTracingInterceptor implements MethodInterceptor {

	private final TaskMethods methods;

	private final Supplier<Tracer> tracer;

	TaskTracingInterceptor(TaskMethods methods, Supplier<Tracer> tracer) {
		this.methods = methods;
		this.tracer = tracer;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target)
				: invocation.getMethod().getDeclaringClass();
		TracedMethod method = this.methods.get(invocation.getMethod(), targetClass);
		Context current = Context.current();
		if (!method.isTraced() || (method.onlyWhenHandedOff && !AsyncHandoff.isPending(current))) {
			return invocation.proceed();
		}
		Context submitted = method.async ? AsyncSubmissionInterceptor.submitted(invocation) : null;
		Context parent = !method.inheritContext ? Context.root()
				: AsyncHandoff.taken((submitted != null) ? submitted : current);
		AttributesBuilder attributes = Attributes.builder();
		method.addAttributes(attributes, invocation.getArguments());
		Span span = this.tracer.get()
			.spanBuilder(method.spanName)
			.setParent(parent)
			.setSpanKind(method.kind)
			.setAllAttributes(attributes.build())
			.startSpan();
		Context context = parent.with(span);
		RetryAttempts attempts = null;
		if (method.retryable) {
			attempts = new RetryAttempts(span, method.spanName);
			context = context.with(attempts);
		}
		Object result;
		try (Scope scope = context.makeCurrent()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			recordAttempts(span, attempts);
			SpanEnd.end(span, ex);
			throw ex;
		}
		recordAttempts(span, attempts);
		if (result instanceof CompletionStage<?> stage) {
			// The caller keeps the very stage the method returned; the span ends with it.
			stage.whenComplete((value, failure) -> SpanEnd.end(span, failure));
		}
		else {
			SpanEnd.end(span, null);
		}
		return result;
	}

	private static void recordAttempts(Span span, @Nullable RetryAttempts attempts) {
		if (attempts != null && attempts.count() > 0) {
			span.setAttribute(TaskSpanKeys.RETRY_ATTEMPTS, attempts.count());
		}
	}

}
