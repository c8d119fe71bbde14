package dev.openframe.telemetry.tasks.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.instrumentation.api.annotation.support.MethodSpanAttributesExtractor;
import org.jspecify.annotations.Nullable;

import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Reads {@code @WithSpan} and {@code @SpanAttribute} (OpenTelemetry's instrumentation
 * annotations) through OpenTelemetry's own support library, which turns each annotated argument
 * into a typed attribute (arrays and lists too) and caches the bindings per method. Only loaded
 * when the annotations are on the class path.
 */
final class WithSpanMethods {

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	/** Holds the method of the request: the support library binds attributes per method. */
	private final MethodSpanAttributesExtractor<Invocation, Object> extractor = MethodSpanAttributesExtractor
		.create(Invocation::method, this::attributeNames, Invocation::arguments);

	/**
	 * Returns the traced method of a {@code @WithSpan} method, or {@code null} without one.
	 */
	@Nullable TracedMethod find(Method method, Class<?> targetClass, boolean retryable, boolean async) {
		WithSpan withSpan = AnnotatedElementUtils.findMergedAnnotation(method, WithSpan.class);
		if (withSpan == null) {
			return null;
		}
		String name = withSpan.value().isEmpty() ? TracedMethod.defaultSpanName(targetClass, method)
				: withSpan.value();
		TracedMethod.MethodAttributes attributes = hasSpanAttribute(method)
				? (builder, arguments) -> addTo(builder, method, arguments) : null;
		return new TracedMethod(name, TracedMethod.functionName(targetClass, method), withSpan.kind(),
				withSpan.inheritContext(), retryable, async, false, attributes);
	}

	private void addTo(AttributesBuilder builder, Method method, Object[] arguments) {
		this.extractor.onStart(builder, Context.root(), new Invocation(method, arguments));
	}

	/** The names of the {@code @SpanAttribute} parameters; a blank name means the parameter's. */
	private @Nullable String @Nullable [] attributeNames(Method method, Parameter[] parameters) {
		String[] discovered = this.parameterNames.getParameterNames(method);
		String[] names = new String[parameters.length];
		for (int i = 0; i < parameters.length; i++) {
			SpanAttribute annotation = parameters[i].getAnnotation(SpanAttribute.class);
			if (annotation == null) {
				continue;
			}
			if (!annotation.value().isEmpty()) {
				names[i] = annotation.value();
			}
			else if (discovered != null && i < discovered.length) {
				names[i] = discovered[i];
			}
		}
		return names;
	}

	private static boolean hasSpanAttribute(Method method) {
		for (Parameter parameter : method.getParameters()) {
			if (parameter.isAnnotationPresent(SpanAttribute.class)) {
				return true;
			}
		}
		return false;
	}

	/** The request the support library reads the method and arguments from. */
	private record Invocation(Method method, Object[] arguments) {
	}

}
