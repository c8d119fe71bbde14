package dev.openframe.telemetry.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Turns a bad openframe-telemetry setting into a start-up failure that names the property (or
 * the {@code OTEL_*} variable it came from), the rejected value and what is allowed. Handles
 * values our validation rejects ({@link InvalidTelemetryPropertyException}) and values that
 * cannot even be converted (a {@link BindException} under {@code openframe.telemetry}); runs
 * before Spring Boot's generic bind analyzer.
 */
class TelemetryFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of(TelemetryProperties.PREFIX);

	private final @Nullable Environment environment;

	TelemetryFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidTelemetryPropertyException invalid) {
				return analyze(invalid);
			}
			if (cause instanceof BindException bind && PREFIX.isAncestorOf(bind.getName())) {
				return analyze(bind);
			}
		}
		return null;
	}

	private FailureAnalysis analyze(InvalidTelemetryPropertyException ex) {
		// The value as the user wrote it ('0s', not 'PT0S'), and where it came from.
		ConfigurationProperty property = findProperty(ex.getProperty());
		Object value = (property != null) ? property.getValue() : ex.getValue();
		Origin origin = (property != null) ? property.getOrigin() : null;
		String action = (ex.getAction() != null) ? ex.getAction() : defaultAction(ex.getProperty(), origin);
		return new FailureAnalysis(describe(ex.getProperty(), value, ex.getRequirement(), origin), action, ex);
	}

	private FailureAnalysis analyze(BindException ex) {
		ConfigurationProperty property = ex.getProperty();
		String name = (property != null) ? property.getName().toString() : ex.getName().toString();
		Object value = (property != null) ? property.getValue() : null;
		Origin origin = (property != null) ? property.getOrigin() : null;
		String requirement = requirement(ex);
		return new FailureAnalysis(describe(name, value, requirement, origin), defaultAction(name, origin), ex);
	}

	private static String describe(String property, @Nullable Object value, String requirement,
			@Nullable Origin origin) {
		OtelEnvironmentVariableOrigin variable = otelVariable(origin);
		if (variable != null) {
			return "'" + variable.variable() + "' (bound to '" + property + "') must " + requirement + " but was '"
					+ variable.value() + "'";
		}
		String description = "'" + property + "' must " + requirement + " but was '" + value + "'";
		return (origin != null) ? description + "\n\nOrigin: " + origin : description;
	}

	/** The {@code OTEL_*} variable a value came from, looking through Spring's origin wrappers. */
	private static @Nullable OtelEnvironmentVariableOrigin otelVariable(@Nullable Origin origin) {
		for (Origin candidate = origin; candidate != null; candidate = candidate.getParent()) {
			Origin unwrapped = (candidate instanceof PropertySourceOrigin wrapper) ? wrapper.getOrigin() : candidate;
			if (unwrapped instanceof OtelEnvironmentVariableOrigin variable) {
				return variable;
			}
		}
		return null;
	}

	private static String defaultAction(String property, @Nullable Origin origin) {
		OtelEnvironmentVariableOrigin variable = otelVariable(origin);
		String where = (variable != null) ? "the environment variable '" + variable.variable() + "'"
				: "'" + property + "'";
		return "Correct " + where + " or remove it to use the default. The allowed values are listed in the "
				+ "openframe-telemetry README.";
	}

	private static String requirement(BindException ex) {
		ConversionFailedException conversion = findConversionFailure(ex);
		if (conversion == null) {
			return "be a valid value (" + rootMessage(ex) + ")";
		}
		Class<?> type = conversion.getTargetType().getType();
		if (type.isEnum()) {
			return "be one of " + Arrays.stream(type.getEnumConstants())
				.map((constant) -> "'" + constant + "'")
				.collect(Collectors.joining(", "));
		}
		if (Duration.class.equals(type)) {
			return "be a duration such as '10s' or '500ms'";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "be 'true' or 'false'";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "be a number";
		}
		return "be convertible to " + type.getSimpleName();
	}

	private static @Nullable ConversionFailedException findConversionFailure(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConversionFailedException conversion) {
				return conversion;
			}
		}
		return null;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getMessage();
	}

	private @Nullable ConfigurationProperty findProperty(String property) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)
				|| !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
			ConfigurationProperty candidate = source.getConfigurationProperty(name);
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

}
