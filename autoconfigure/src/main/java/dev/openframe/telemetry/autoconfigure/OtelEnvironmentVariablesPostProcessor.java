package dev.openframe.telemetry.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the standard {@code OTEL_*} environment variables as the matching
 * {@code openframe.telemetry.*} properties. The property source sits right after the system
 * environment, so the variables beat {@code application.yml} as any environment variable does,
 * and each value remembers the variable it came from for error messages.
 */
final class OtelEnvironmentVariablesPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Order of this post-processor: right after Spring Boot loads {@code application.yml}, and
	 * before the starter's other post-processors, which read {@code openframe.telemetry.enabled}
	 * as {@code OTEL_SDK_DISABLED} may set it.
	 */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	/** Name of the property source holding the mapped variables. */
	public static final String PROPERTY_SOURCE_NAME = "openframeTelemetryOtelEnvironmentVariables";

	private static final String PREFIX = TelemetryProperties.PREFIX + ".";

	private static final String[] SIGNALS = { "TRACES", "METRICS", "LOGS" };

	private static final String SDK_DISABLED = "OTEL_SDK_DISABLED";

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> systemEnvironment = sources.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (systemEnvironment == null) {
			return;
		}
		Mapper mapper = new Mapper(systemEnvironment);
		mapper.map();
		if (!mapper.properties.isEmpty()) {
			sources.addAfter(systemEnvironment.getName(), new OtelPropertySource(mapper.properties, mapper.origins));
		}
	}

	private static final class Mapper {

		private final PropertySource<?> environment;

		private final Map<String, Object> properties = new LinkedHashMap<>();

		private final Map<String, Origin> origins = new LinkedHashMap<>();

		Mapper(PropertySource<?> environment) {
			this.environment = environment;
		}

		void map() {
			sdkDisabled();
			value("OTEL_SERVICE_NAME", "service-name");
			keyValues("OTEL_RESOURCE_ATTRIBUTES", "resource-attributes");
			exporter("OTEL_EXPORTER_OTLP_", "otlp.");
			for (String signal : SIGNALS) {
				exporter("OTEL_EXPORTER_OTLP_" + signal + "_", signal.toLowerCase(Locale.ROOT) + ".");
				value("OTEL_" + signal + "_EXPORTER", signal.toLowerCase(Locale.ROOT) + ".exporter");
			}
			value("OTEL_PROPAGATORS", "propagators");
			value("OTEL_TRACES_SAMPLER", "traces.sampler");
			value("OTEL_TRACES_SAMPLER_ARG", "traces.sampler-ratio");
			millis("OTEL_METRIC_EXPORT_INTERVAL", "metrics.export-interval");
			millis("OTEL_METRIC_EXPORT_TIMEOUT", "metrics.export-timeout");
			millis("OTEL_BSP_SCHEDULE_DELAY", "traces.batch.schedule-delay");
			millis("OTEL_BSP_EXPORT_TIMEOUT", "traces.batch.export-timeout");
			value("OTEL_BSP_MAX_QUEUE_SIZE", "traces.batch.max-queue-size");
			value("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "traces.batch.max-export-batch-size");
			millis("OTEL_BLRP_SCHEDULE_DELAY", "logs.batch.schedule-delay");
			millis("OTEL_BLRP_EXPORT_TIMEOUT", "logs.batch.export-timeout");
			value("OTEL_BLRP_MAX_QUEUE_SIZE", "logs.batch.max-queue-size");
			value("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "logs.batch.max-export-batch-size");
			value("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "limits.attribute-value-length");
			value("OTEL_ATTRIBUTE_COUNT_LIMIT", "limits.attribute-count");
			value("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "traces.limits.attribute-value-length");
			value("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "traces.limits.attribute-count");
			value("OTEL_SPAN_EVENT_COUNT_LIMIT", "traces.limits.event-count");
			value("OTEL_SPAN_LINK_COUNT_LIMIT", "traces.limits.link-count");
			value("OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "traces.limits.event-attribute-count");
			value("OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "traces.limits.link-attribute-count");
			value("OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "logs.limits.attribute-value-length");
			value("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", "logs.limits.attribute-count");
			value("OTEL_METRICS_EXEMPLAR_FILTER", "metrics.exemplar-filter");
			value("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "metrics.temporality");
			value("OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION", "metrics.histogram-aggregation");
		}

		/**
		 * Only {@code true} switches the starter off; {@code false} leaves
		 * {@code openframe.telemetry.enabled} to the application, rather than forcing it on
		 * over an {@code enabled: false} in {@code application.yml}. Anything else is a typo
		 * that would otherwise leave telemetry on unnoticed.
		 */
		private void sdkDisabled() {
			String value = get(SDK_DISABLED);
			if (value == null) {
				return;
			}
			String trimmed = value.trim();
			if ("true".equalsIgnoreCase(trimmed)) {
				put(SDK_DISABLED, value, "enabled", "false");
			}
			else if (!"false".equalsIgnoreCase(trimmed)) {
				throw new InvalidTelemetryPropertyException(SDK_DISABLED, value, "be 'true' or 'false'",
						"Set the environment variable '" + SDK_DISABLED + "' to 'true' to switch openframe-telemetry "
								+ "off, or to 'false' (or remove it) to leave 'openframe.telemetry.enabled' in charge.");
			}
		}

		private void exporter(String variablePrefix, String propertyPrefix) {
			value(variablePrefix + "ENDPOINT", propertyPrefix + "endpoint");
			value(variablePrefix + "PROTOCOL", propertyPrefix + "protocol");
			value(variablePrefix + "COMPRESSION", propertyPrefix + "compression");
			millis(variablePrefix + "TIMEOUT", propertyPrefix + "timeout");
			keyValues(variablePrefix + "HEADERS", propertyPrefix + "headers");
			// PEM file paths; read and checked when the exporter is built, naming the variable.
			value(variablePrefix + "CERTIFICATE", propertyPrefix + "ssl.certificate");
			value(variablePrefix + "CLIENT_KEY", propertyPrefix + "ssl.client-key");
			value(variablePrefix + "CLIENT_CERTIFICATE", propertyPrefix + "ssl.client-certificate");
		}

		private void value(String variable, String property) {
			String value = get(variable);
			if (value != null) {
				put(variable, value, property, value.trim());
			}
		}

		/** The variables hold plain milliseconds; anything else is bound as given and checked there. */
		private void millis(String variable, String property) {
			String value = get(variable);
			if (value != null) {
				String trimmed = value.trim();
				put(variable, value, property, trimmed.chars().allMatch(Character::isDigit) ? trimmed + "ms" : trimmed);
			}
		}

		/** W3C-baggage-like {@code key=value,key2=value2} with percent-encoded values. */
		private void keyValues(String variable, String property) {
			String value = get(variable);
			if (value == null) {
				return;
			}
			for (String entry : value.split(",")) {
				if (entry.isBlank()) {
					continue;
				}
				int equals = entry.indexOf('=');
				String key = (equals > 0) ? entry.substring(0, equals).trim() : "";
				if (key.isEmpty()) {
					throw new InvalidTelemetryPropertyException(variable, entry.trim(),
							"be a list of 'key=value' entries separated by ','");
				}
				put(variable, entry.trim(), property + "[" + key + "]",
						decode(variable, entry.substring(equals + 1).trim()));
			}
		}

		private static String decode(String variable, String value) {
			try {
				// Percent-decoding only: a '+' stays a '+', as in W3C baggage.
				return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidTelemetryPropertyException(variable, value,
						"hold percent-encoded values ('%' followed by two hex digits)");
			}
		}

		private @Nullable String get(String variable) {
			Object value = this.environment.getProperty(variable);
			return (value != null && !value.toString().isBlank()) ? value.toString() : null;
		}

		private void put(String variable, String rawValue, String property, String value) {
			this.properties.put(PREFIX + property, value);
			this.origins.put(PREFIX + property, new OtelEnvironmentVariableOrigin(variable, rawValue));
		}

	}

	/** The mapped variables, each with the variable it came from as its origin. */
	static final class OtelPropertySource extends MapPropertySource implements OriginLookup<String> {

		private final Map<String, Origin> origins;

		OtelPropertySource(Map<String, Object> properties, Map<String, Origin> origins) {
			super(PROPERTY_SOURCE_NAME, properties);
			this.origins = origins;
		}

		@Override
		public @Nullable Origin getOrigin(String key) {
			return this.origins.get(key);
		}

	}

}
