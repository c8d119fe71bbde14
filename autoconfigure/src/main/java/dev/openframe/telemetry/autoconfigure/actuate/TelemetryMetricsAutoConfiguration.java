package dev.openframe.telemetry.autoconfigure.actuate;

import dev.openframe.telemetry.autoconfigure.otel.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.metrics.BaseUnitJvmMetrics;
import dev.openframe.telemetry.metrics.PrometheusConventionsMeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the meter conventions that keep {@code /actuator/prometheus} clean for
 * {@code promtool check metrics}; {@code openframe.telemetry.metrics.prometheus-conventions=false}
 * leaves Micrometer's defaults untouched.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.metrics.prometheus-conventions", matchIfMissing = true)
public final class TelemetryMetricsAutoConfiguration {

	TelemetryMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	PrometheusConventionsMeterFilter prometheusConventionsMeterFilter() {
		return new PrometheusConventionsMeterFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	BaseUnitJvmMetrics baseUnitJvmMetrics() {
		return new BaseUnitJvmMetrics();
	}

}
