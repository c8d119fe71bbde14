package dev.openframe.telemetry.tasks.internal;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.context.event.EventListener;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.scheduling.annotation.Async;
import org.springframework.util.ClassUtils;

/**
 * Finds out, once per method and target class, which of the annotations that get a span a
 * method carries: {@code @WithSpan}, {@code @Async} (on the method or its class),
 * {@code @Retryable} (on the method or its class) and {@code @EventListener}. Each switch of
 * {@code openframe.telemetry.tasks} turns one of them off.
 */
public final class TaskMethods {

	private static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";

	private static final String WITH_SPAN_SUPPORT = "io.opentelemetry.instrumentation.api.annotation.support.MethodSpanAttributesExtractor";

	private final @Nullable WithSpanMethods withSpan;

	private final boolean async;

	private final boolean retry;

	private final Map<MethodClassKey, TracedMethod> methods = new ConcurrentHashMap<>();

	private volatile boolean asyncEventListeners;

	/**
	 * Creates the finder.
	 * @param withSpan whether {@code @WithSpan} methods get spans (when the annotations are present)
	 * @param async whether {@code @Async} and asynchronously run {@code @EventListener} methods do
	 * @param retry whether {@code @Retryable} methods get a call span and a span per attempt
	 */
	public TaskMethods(boolean withSpan, boolean async, boolean retry) {
		ClassLoader classLoader = TaskMethods.class.getClassLoader();
		this.withSpan = (withSpan && ClassUtils.isPresent(WITH_SPAN, classLoader)
				&& ClassUtils.isPresent(WITH_SPAN_SUPPORT, classLoader)) ? new WithSpanMethods() : null;
		this.async = async;
		this.retry = retry;
	}

	/**
	 * Lets {@code @EventListener} methods (without {@code @Async}) be traced, which is worth a proxy
	 * only when the application's event multicaster runs listeners on an executor.
	 */
	void traceEventListeners() {
		this.asyncEventListeners = true;
	}

	boolean hasAsyncEventListeners() {
		return this.asyncEventListeners;
	}

	TracedMethod get(Method method, Class<?> targetClass) {
		return this.methods.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> find(AopUtils.getMostSpecificMethod(method, targetClass), targetClass));
	}

	private TracedMethod find(Method method, Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return TracedMethod.NONE;
		}
		boolean retryable = this.retry && (AnnotatedElementUtils.hasAnnotation(method, Retryable.class)
				|| AnnotatedElementUtils.hasAnnotation(targetClass, Retryable.class));
		boolean async = this.async && (AnnotatedElementUtils.hasAnnotation(method, Async.class)
				|| AnnotatedElementUtils.hasAnnotation(targetClass, Async.class));
		TracedMethod annotated = (this.withSpan != null) ? this.withSpan.find(method, targetClass, retryable, async)
				: null;
		if (annotated != null) {
			return annotated;
		}
		boolean listener = this.async && this.asyncEventListeners
				&& AnnotatedElementUtils.hasAnnotation(method, EventListener.class);
		if (!async && !retryable && !listener) {
			return TracedMethod.NONE;
		}
		return new TracedMethod(TracedMethod.defaultSpanName(targetClass, method),
				TracedMethod.functionName(targetClass, method), SpanKind.INTERNAL, true, retryable,
				async, !async && !retryable, null);
	}

}
