package dev.openframe.telemetry.autoconfigure.otel;

import java.util.Map;

import dev.openframe.telemetry.otel.internal.Signal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link ConditionalOnSignalExport}: binds the properties as the SDK will and asks
 * {@link SignalExportSettings} whether the signal goes anywhere.
 */
class OnSignalExportCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnSignalExport.class.getName());
		Signal signal = (Signal) attributes.get("value");
		TelemetryProperties properties;
		try {
			properties = Binder.get(context.getEnvironment())
				.bind(TelemetryProperties.PREFIX, TelemetryProperties.class)
				.orElseGet(TelemetryProperties::new);
		}
		catch (BindException ex) {
			// Matching lets the properties bean fail start-up with the usual message.
			return ConditionOutcome.match("openframe.telemetry properties do not bind");
		}
		return (SignalExportSettings.resolve(properties, signal) != null)
				? ConditionOutcome.match(signal.tagValue() + " have an OTLP endpoint")
				: ConditionOutcome.noMatch(signal.tagValue() + " are not exported");
	}

}
