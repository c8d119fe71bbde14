package dev.openframe.telemetry.autoconfigure.health;

import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.otel.internal.ExportHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link TelemetryHealthAutoConfiguration}.
 */
class TelemetryHealthAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, TelemetryHealthAutoConfiguration.class));

	@Test
	void providesTelemetryHealthIndicator() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("telemetryHealthIndicator");
			Health health = context.getBean(ExportHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("export", "off: no OTLP endpoint configured");
		});
	}

	@Test
	void reportsEachExportedSignalAsIdleBeforeFirstExport() {
		this.runner.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4318",
				"openframe.telemetry.logs.enabled=false")
			.run((context) -> assertThat(context.getBean(ExportHealthIndicator.class).health(true).getDetails())
				.containsOnlyKeys("traces", "metrics"));
	}

	@Test
	void disabledByHealthProperty() {
		this.runner.withPropertyValues("management.health.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExportHealthIndicator.class));
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ExportHealthIndicator.class));
	}

	@Test
	void backsOffWithoutHealthSupport() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).doesNotHaveBean(ExportHealthIndicator.class));
	}

}
