package dev.openframe.telemetry.autoconfigure.otel;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code openframe.telemetry.metrics.histogram-aggregation} (or
 * {@code OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION}) asks for base-2 exponential
 * histograms. A value that does not bind does not match, so that the properties bean fails
 * start-up with the usual message.
 */
class OnExponentialHistogramsCondition extends SpringBootCondition {

	static final String PROPERTY = TelemetryProperties.PREFIX + ".metrics.histogram-aggregation";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		HistogramAggregation aggregation;
		try {
			aggregation = Binder.get(context.getEnvironment())
				.bind(PROPERTY, HistogramAggregation.class)
				.orElse(HistogramAggregation.EXPLICIT_BUCKET_HISTOGRAM);
		}
		catch (BindException ex) {
			return ConditionOutcome.noMatch("'" + PROPERTY + "' does not bind");
		}
		return (aggregation == HistogramAggregation.BASE2_EXPONENTIAL_BUCKET_HISTOGRAM)
				? ConditionOutcome.match("'" + PROPERTY + "' is '" + aggregation + "'")
				: ConditionOutcome.noMatch("'" + PROPERTY + "' is '" + aggregation + "'");
	}

}
