package dev.openframe.telemetry.autoconfigure.metrics;

import java.util.List;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import dev.openframe.telemetry.metrics.internal.BaseUnitCompilationMetrics;
import dev.openframe.telemetry.metrics.internal.BaseUnitProcessorMetrics;
import dev.openframe.telemetry.metrics.internal.MaximumTagSetsMeterFilter;
import dev.openframe.telemetry.metrics.internal.PrometheusConventionsMeterFilter;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.convention.JvmCpuMeterConventions;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the starter's meter filters: a cap on the tag combinations of its own
 * meters, so that unexpected tag values cannot grow the registry without bound, and the meter
 * conventions that keep {@code /actuator/prometheus} clean for {@code promtool check metrics}
 * ({@code openframe.telemetry.metrics.prometheus-conventions=false} leaves Micrometer's defaults
 * untouched). Its JVM compilation and processor binders take the place of Spring Boot's, which
 * back off.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnTelemetryEnabled
@EnableConfigurationProperties(TelemetryProperties.class)
public final class TelemetryMetricsAutoConfiguration {

	private static final String MAX_TAG_SETS = TelemetryProperties.PREFIX + ".metrics.max-tag-sets";

	/** Name prefixes of the starter's meters: the HTTP server's and the repository adapters'. */
	private static final List<String> CAPPED_METERS = List.of(HttpServerMetrics.DURATION, HttpServerMetrics.BODY_SIZE,
			HttpServerMetrics.ACTIVE, "adapter.operation.");

	TelemetryMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	MaximumTagSetsMeterFilter telemetryMaximumTagSetsMeterFilter(TelemetryProperties properties) {
		// Bound (and validated) here too, as the SDK's auto-configuration may back off or be absent.
		return new MaximumTagSetsMeterFilter(CAPPED_METERS, properties.getMetrics().getMaxTagSets(),
				"'" + MAX_TAG_SETS + "'");
	}

	/** Prometheus naming conventions for Micrometer's and Spring Boot's default meters. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "openframe.telemetry.metrics.prometheus-conventions", matchIfMissing = true)
	static class PrometheusConventionsConfiguration {

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

}
