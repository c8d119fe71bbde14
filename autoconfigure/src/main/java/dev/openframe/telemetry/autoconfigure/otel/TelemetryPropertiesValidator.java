package dev.openframe.telemetry.autoconfigure.otel;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import org.jspecify.annotations.Nullable;

/**
 * Checks bound {@link TelemetryProperties} for values that cannot work, so that start-up stops
 * with a message naming the property instead of failing later inside the SDK.
 */
final class TelemetryPropertiesValidator {

	private static final String PREFIX = TelemetryProperties.PREFIX + ".";

	private TelemetryPropertiesValidator() {
	}

	static void validate(TelemetryProperties properties) {
		positive("shutdown-timeout", properties.getShutdownTimeout());
		propagators(properties.getPropagators());
		TelemetryProperties.Otlp otlp = properties.getOtlp();
		endpoint("otlp.endpoint", otlp.getEndpoint());
		positive("otlp.timeout", otlp.getTimeout());
		headers("otlp.headers", otlp.getHeaders());
		signal("traces", properties.getTraces());
		signal("metrics", properties.getMetrics());
		signal("logs", properties.getLogs());
		TelemetryProperties.Traces traces = properties.getTraces();
		double ratio = traces.getSamplerRatio();
		if (!(ratio >= 0 && ratio <= 1)) {
			throw new InvalidTelemetryPropertyException(PREFIX + "traces.sampler-ratio", ratio,
					"be between 0 and 1");
		}
		batch("traces.batch", traces.getBatch());
		batch("logs.batch", properties.getLogs().getBatch());
		limits(properties);
		positive("metrics.export-interval", properties.getMetrics().getExportInterval());
		positive("metrics.export-timeout", properties.getMetrics().getExportTimeout());
		positive("metrics.max-tag-sets", properties.getMetrics().getMaxTagSets());
	}

	private static void propagators(List<PropagatorType> propagators) {
		if (propagators.contains(PropagatorType.NONE) && propagators.size() > 1) {
			throw new InvalidTelemetryPropertyException(PREFIX + "propagators",
					propagators.stream().map(PropagatorType::toString).collect(Collectors.joining(",")),
					"be 'none' alone or a list without 'none'");
		}
	}

	private static void batch(String name, TelemetryProperties.Batch batch) {
		positive(name + ".schedule-delay", batch.getScheduleDelay());
		positive(name + ".export-timeout", batch.getExportTimeout());
		positive(name + ".max-queue-size", batch.getMaxQueueSize());
		positive(name + ".max-export-batch-size", batch.getMaxExportBatchSize());
	}

	private static void limits(TelemetryProperties properties) {
		TelemetryProperties.Limits general = properties.getLimits();
		notNegative("limits.attribute-value-length", general.getAttributeValueLength());
		notNegative("limits.attribute-count", general.getAttributeCount());
		TelemetryProperties.TraceLimits traces = properties.getTraces().getLimits();
		notNegative("traces.limits.attribute-value-length", traces.getAttributeValueLength());
		notNegative("traces.limits.attribute-count", traces.getAttributeCount());
		notNegative("traces.limits.event-count", traces.getEventCount());
		notNegative("traces.limits.link-count", traces.getLinkCount());
		notNegative("traces.limits.event-attribute-count", traces.getEventAttributeCount());
		notNegative("traces.limits.link-attribute-count", traces.getLinkAttributeCount());
		TelemetryProperties.LogRecordLimits logs = properties.getLogs().getLimits();
		notNegative("logs.limits.attribute-value-length", logs.getAttributeValueLength());
		notNegative("logs.limits.attribute-count", logs.getAttributeCount());
	}

	private static void notNegative(String name, @Nullable Integer value) {
		if (value != null && value < 0) {
			throw new InvalidTelemetryPropertyException(PREFIX + name, value, "be zero or a positive number");
		}
	}

	private static void signal(String name, TelemetryProperties.SignalExport signal) {
		endpoint(name + ".endpoint", signal.getEndpoint());
		headers(name + ".headers", signal.getHeaders());
		if (signal.getTimeout() != null) {
			positive(name + ".timeout", signal.getTimeout());
		}
	}

	private static void endpoint(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return;
		}
		try {
			URI uri = new URI(value.trim());
			String scheme = uri.getScheme();
			if (("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null) {
				return;
			}
		}
		catch (URISyntaxException ex) {
			// Reported below, like any other malformed URL.
		}
		throw new InvalidTelemetryPropertyException(PREFIX + name, value,
				"be an absolute 'http://' or 'https://' URL such as 'http://localhost:4318'");
	}

	private static void headers(String name, Map<String, String> headers) {
		headers.forEach((key, value) -> {
			if (key.isBlank() || !isHeaderToken(key) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
				throw new InvalidTelemetryPropertyException(PREFIX + name + "[" + key + "]", value,
						"have a header name made of letters, digits and '-' and a value without line breaks");
			}
		});
	}

	private static boolean isHeaderToken(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!(Character.isLetterOrDigit(c) && c < 128) && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	private static void positive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new InvalidTelemetryPropertyException(PREFIX + name, value, "be a positive duration such as '10s'");
		}
	}

	private static void positive(String name, int value) {
		if (value <= 0) {
			throw new InvalidTelemetryPropertyException(PREFIX + name, value, "be a positive number");
		}
	}

}
