package dev.openframe.telemetry.autoconfigure.otel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentelemetry.extension.trace.propagation.OtTracePropagator;

import org.springframework.util.ClassUtils;

/**
 * The {@link ContextPropagators} of {@code openframe.telemetry.propagators}, in the order listed.
 * The optional libraries' classes are touched only after their presence was checked, so a missing
 * one stops start-up with a message naming the dependency to add.
 */
final class Propagators {

	static final String PROPERTY = TelemetryProperties.PREFIX + ".propagators";

	static final String TRACE_PROPAGATORS_DEPENDENCY = "io.opentelemetry:opentelemetry-extension-trace-propagators";

	static final String XRAY_DEPENDENCY = "io.opentelemetry.contrib:opentelemetry-aws-xray-propagator";

	private Propagators() {
	}

	static ContextPropagators create(List<PropagatorType> types, ClassLoader classLoader) {
		if (types.isEmpty() || types.contains(PropagatorType.NONE)) {
			return ContextPropagators.noop();
		}
		List<TextMapPropagator> propagators = new ArrayList<>();
		for (PropagatorType type : types.stream().distinct().toList()) {
			propagators.add(propagator(type, types, classLoader));
		}
		return ContextPropagators.create(TextMapPropagator.composite(propagators));
	}

	private static TextMapPropagator propagator(PropagatorType type, List<PropagatorType> types,
			ClassLoader classLoader) {
		return switch (type) {
			case TRACECONTEXT -> W3CTraceContextPropagator.getInstance();
			case BAGGAGE -> W3CBaggagePropagator.getInstance();
			case B3 -> {
				require(type, types, "io.opentelemetry.extension.trace.propagation.B3Propagator",
						TRACE_PROPAGATORS_DEPENDENCY, classLoader);
				yield B3Propagator.injectingSingleHeader();
			}
			case B3MULTI -> {
				require(type, types, "io.opentelemetry.extension.trace.propagation.B3Propagator",
						TRACE_PROPAGATORS_DEPENDENCY, classLoader);
				yield B3Propagator.injectingMultiHeaders();
			}
			case JAEGER -> {
				require(type, types, "io.opentelemetry.extension.trace.propagation.JaegerPropagator",
						TRACE_PROPAGATORS_DEPENDENCY, classLoader);
				yield JaegerPropagator.getInstance();
			}
			case OTTRACE -> {
				require(type, types, "io.opentelemetry.extension.trace.propagation.OtTracePropagator",
						TRACE_PROPAGATORS_DEPENDENCY, classLoader);
				yield OtTracePropagator.getInstance();
			}
			case XRAY -> {
				require(type, types, "io.opentelemetry.contrib.awsxray.propagator.AwsXrayPropagator", XRAY_DEPENDENCY,
						classLoader);
				yield AwsXrayPropagator.getInstance();
			}
			case NONE -> throw new IllegalStateException("'none' is handled before");
		};
	}

	private static void require(PropagatorType type, List<PropagatorType> types, String className,
			String dependency, ClassLoader classLoader) {
		if (!ClassUtils.isPresent(className, classLoader)) {
			String list = types.stream().map(PropagatorType::toString).collect(Collectors.joining(","));
			throw new InvalidTelemetryPropertyException(PROPERTY, list,
					"name only propagators whose library is on the class path ('" + type + "' needs '" + dependency
							+ "')",
					"Add the dependency '" + dependency + "', or remove '" + type + "' from '" + PROPERTY + "'.");
		}
	}

}
