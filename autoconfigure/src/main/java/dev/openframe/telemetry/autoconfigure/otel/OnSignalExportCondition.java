package dev.openframe.telemetry.autoconfigure.otel;

import java.util.Map;

import dev.openframe.telemetry.otel.internal.Signal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link ConditionalOnSignalExport}: binds the properties as the SDK will and asks
 * {@link SignalExportSettings} whether the signal goes anywhere. During Spring AOT processing
 * the OTLP exporters always match: the endpoint is usually given only at run time
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}), so the exporter beans decide then and are absent
 * ({@code null}) when their signal is not exported over OTLP.
 */
class OnSignalExportCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnSignalExport.class.getName());
		Signal signal = (Signal) attributes.get("value");
		ExporterType exporter = (ExporterType) attributes.get("exporter");
		if (exporter != ExporterType.OTLP) {
			return exportedTo(context.getEnvironment(), signal, exporter)
					? ConditionOutcome.match(signal.tagValue() + " go to exporter '" + exporter + "'")
					: ConditionOutcome.noMatch(signal.tagValue() + " do not go to exporter '" + exporter + "'");
		}
		if (aotProcessing()) {
			return ConditionOutcome.match(signal.tagValue() + " are decided at run time (AOT processing)");
		}
		return exported(context.getEnvironment(), signal)
				? ConditionOutcome.match(signal.tagValue() + " have an OTLP endpoint")
				: ConditionOutcome.noMatch(signal.tagValue() + " are not exported over OTLP");
	}

	/**
	 * Whether conditions are being evaluated for Spring AOT, whose outcome is fixed at build time.
	 * @return whether AOT processing runs
	 */
	static boolean aotProcessing() {
		return Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
	}

	/**
	 * Whether the signal is enabled and goes to an exporter other than OTLP. Properties that do
	 * not bind count as not, so that the properties bean fails start-up with the usual message.
	 * @param environment the environment
	 * @param signal the signal
	 * @param exporter the exporter
	 * @return whether that exporter takes the signal
	 */
	static boolean exportedTo(Environment environment, Signal signal, ExporterType exporter) {
		try {
			TelemetryProperties properties = bind(environment);
			TelemetryProperties.SignalExport export = properties.signal(signal);
			return properties.isEnabled() && export.isEnabled() && export.getExporter() == exporter;
		}
		catch (BindException ex) {
			return false;
		}
	}

	private static TelemetryProperties bind(Environment environment) {
		return Binder.get(environment)
			.bind(TelemetryProperties.PREFIX, TelemetryProperties.class)
			.orElseGet(TelemetryProperties::new);
	}

	/**
	 * Whether the signal is exported over OTLP, as the SDK will decide once the properties are bound.
	 * Properties that do not bind count as exported, so that the properties bean fails start-up
	 * with the usual message.
	 * @param environment the environment
	 * @param signal the signal
	 * @return whether it has somewhere to go
	 */
	static boolean exported(Environment environment, Signal signal) {
		try {
			TelemetryProperties properties = bind(environment);
			return properties.isEnabled() && SignalExportSettings.resolve(properties, signal) != null;
		}
		catch (BindException ex) {
			return true;
		}
	}

}
