package dev.openframe.telemetry.autoconfigure.metrics;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.metrics.internal.PrometheusTargetInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@code target_info} at {@code /actuator/prometheus}: the resource that
 * every OTLP signal carries, so that Prometheus series can be joined to it by instance.
 */
@AutoConfiguration(after = TelemetrySdkAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
		"org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration" })
@ConditionalOnClass(name = { "io.prometheus.metrics.core.metrics.Info",
		"io.prometheus.metrics.model.registry.PrometheusRegistry", "io.opentelemetry.sdk.resources.Resource" })
@ConditionalOnTelemetryEnabled
@ConditionalOnBean({ PrometheusRegistry.class, Resource.class })
public final class PrometheusTargetInfoAutoConfiguration {

	PrometheusTargetInfoAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	PrometheusTargetInfo prometheusTargetInfo(PrometheusRegistry prometheusRegistry, Resource resource) {
		return new PrometheusTargetInfo(prometheusRegistry, resource);
	}

}
