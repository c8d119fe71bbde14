package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogLimitsBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanLimitsBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's {@link SpanLimits} and {@link LogLimits} from the properties: a signal's own limit
 * wins over the general one in {@code openframe.telemetry.limits}, as the OpenTelemetry
 * environment-variable specification orders them; what neither sets keeps the SDK default.
 */
final class SdkLimits {

	private SdkLimits() {
	}

	static SpanLimits spanLimits(TelemetryProperties properties) {
		TelemetryProperties.Limits general = properties.getLimits();
		TelemetryProperties.TraceLimits traces = properties.getTraces().getLimits();
		SpanLimitsBuilder builder = SpanLimits.builder()
			.setMaxNumberOfAttributes(or(traces.getAttributeCount(), general.getAttributeCount()))
			.setMaxNumberOfEvents(traces.getEventCount())
			.setMaxNumberOfLinks(traces.getLinkCount())
			.setMaxNumberOfAttributesPerEvent(or(traces.getEventAttributeCount(), general.getAttributeCount()))
			.setMaxNumberOfAttributesPerLink(or(traces.getLinkAttributeCount(), general.getAttributeCount()));
		Integer valueLength = either(traces.getAttributeValueLength(), general.getAttributeValueLength());
		if (valueLength != null) {
			builder.setMaxAttributeValueLength(valueLength);
		}
		return builder.build();
	}

	static LogLimits logLimits(TelemetryProperties properties) {
		TelemetryProperties.Limits general = properties.getLimits();
		TelemetryProperties.LogRecordLimits logs = properties.getLogs().getLimits();
		LogLimitsBuilder builder = LogLimits.builder()
			.setMaxNumberOfAttributes(or(logs.getAttributeCount(), general.getAttributeCount()));
		Integer valueLength = either(logs.getAttributeValueLength(), general.getAttributeValueLength());
		if (valueLength != null) {
			builder.setMaxAttributeValueLength(valueLength);
		}
		return builder.build();
	}

	private static int or(@Nullable Integer specific, int general) {
		return (specific != null) ? specific : general;
	}

	private static @Nullable Integer either(@Nullable Integer specific, @Nullable Integer general) {
		return (specific != null) ? specific : general;
	}

}
