package dev.openframe.telemetry.tasks.internal;

import io.opentelemetry.context.Context;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;

/**
 * Notes the caller's context on the invocation of an {@code @Async} method, right before Spring's
 * async interceptor hands it to an executor. The {@link TaskTracingInterceptor} on the executor's
 * thread starts the method's span from it, so that the span is a child of the submitting span
 * whichever executor runs it, even one that carries no context (Spring's fallback
 * {@code SimpleAsyncTaskExecutor}, an executor that is not a bean).
 */
final class AsyncSubmissionInterceptor implements MethodInterceptor {

	private static final String SUBMITTED = AsyncSubmissionInterceptor.class.getName() + ".context";

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (invocation instanceof ProxyMethodInvocation proxied) {
			proxied.setUserAttribute(SUBMITTED, Context.current());
		}
		return invocation.proceed();
	}

	/** The context the method was submitted in, or {@code null} when it was not noted. */
	static @Nullable Context submitted(MethodInvocation invocation) {
		return (invocation instanceof ProxyMethodInvocation proxied
				&& proxied.getUserAttribute(SUBMITTED) instanceof Context context) ? context : null;
	}

}
