package dev.openframe.telemetry.autoconfigure.metrics;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.metrics.internal.BaseUnitCompilationMetrics;
import dev.openframe.telemetry.metrics.internal.BaseUnitProcessorMetrics;
import dev.openframe.telemetry.metrics.internal.PrometheusConventionsMeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.convention.JvmCpuMeterConventions;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the meter conventions that keep {@code /actuator/prometheus} clean for
 * {@code promtool check metrics}; {@code openframe.telemetry.metrics.prometheus-conventions=false}
 * leaves Micrometer's defaults untouched. Its JVM compilation and processor binders take the
 * place of Spring Boot's, which back off.
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
	@ConditionalOnMissingBean(JvmCompilationMetrics.class)
	BaseUnitCompilationMetrics baseUnitCompilationMetrics() {
		return new BaseUnitCompilationMetrics();
	}

	@Bean
	@ConditionalOnMissingBean(ProcessorMetrics.class)
	BaseUnitProcessorMetrics baseUnitProcessorMetrics(ObjectProvider<JvmCpuMeterConventions> conventions) {
		return new BaseUnitProcessorMetrics(conventions.getIfAvailable());
	}

}
