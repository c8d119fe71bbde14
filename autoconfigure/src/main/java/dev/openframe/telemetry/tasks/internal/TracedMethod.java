package dev.openframe.telemetry.tasks.internal;

import java.lang.reflect.Method;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.semconv.CodeAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * What the task interceptors need to know about one method, worked out once per method: the
 * span name ({@code {SimpleClassName}.{method}} unless {@code @WithSpan} names it), its kind,
 * whether it is retried and whether it gets a span only when run asynchronously.
 */
final class TracedMethod {

	/** A method none of the annotations marks: the interceptors pass it through. */
	static final TracedMethod NONE = new TracedMethod("", "", SpanKind.INTERNAL, true, false, false, false, null);

	final String spanName;

	final String functionName;

	final SpanKind kind;

	final boolean inheritContext;

	final boolean retryable;

	/** An {@code @Async} method: handed to an executor by Spring's async interceptor. */
	final boolean async;

	/** An {@code @EventListener} without {@code @Async}: a span only when an executor ran it. */
	final boolean onlyWhenHandedOff;

	final @Nullable MethodAttributes attributes;

	TracedMethod(String spanName, String functionName, SpanKind kind, boolean inheritContext, boolean retryable,
			boolean async, boolean onlyWhenHandedOff, @Nullable MethodAttributes attributes) {
		this.spanName = spanName;
		this.functionName = functionName;
		this.kind = kind;
		this.inheritContext = inheritContext;
		this.retryable = retryable;
		this.async = async;
		this.onlyWhenHandedOff = onlyWhenHandedOff;
		this.attributes = attributes;
	}

	boolean isTraced() {
		return this != NONE;
	}

	/** {@code ItemService.refresh}: the user class (not a CGLIB subclass) and the method. */
	static String defaultSpanName(Class<?> targetClass, Method method) {
		return ClassUtils.getUserClass(targetClass).getSimpleName() + "." + method.getName();
	}

	/** OpenTelemetry's {@code code.function.name}: the fully qualified class name and the method. */
	static String functionName(Class<?> targetClass, Method method) {
		return ClassUtils.getUserClass(targetClass).getName() + "." + method.getName();
	}

	void addAttributes(AttributesBuilder builder, Object[] arguments) {
		builder.put(CodeAttributes.CODE_FUNCTION_NAME, this.functionName);
		if (this.attributes != null) {
			this.attributes.addTo(builder, arguments);
		}
	}

	/** Span attributes taken from a method's arguments ({@code @SpanAttribute}). */
	@FunctionalInterface
	interface MethodAttributes {

		void addTo(AttributesBuilder builder, Object[] arguments);

	}

}
