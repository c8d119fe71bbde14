package dev.openframe.telemetry.autoconfigure.health;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.otel.internal.ExportHealthIndicator;
import dev.openframe.telemetry.otel.internal.ExportStatistics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code telemetry} health contributor, which reports the OTLP
 * export of each signal without ever turning the application's health down.
 */
@AutoConfiguration(after = TelemetrySdkAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnTelemetryEnabled
@ConditionalOnBean(ExportStatistics.class)
public final class TelemetryHealthAutoConfiguration {

	TelemetryHealthAutoConfiguration() {
	}

	@Bean
	@ConditionalOnEnabledHealthIndicator("telemetry")
	@ConditionalOnMissingBean(name = "telemetryHealthIndicator")
	ExportHealthIndicator telemetryHealthIndicator(ExportStatistics statistics) {
		return new ExportHealthIndicator(statistics);
	}

}
