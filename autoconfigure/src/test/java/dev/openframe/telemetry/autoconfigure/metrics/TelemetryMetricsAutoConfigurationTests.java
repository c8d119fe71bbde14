package dev.openframe.telemetry.autoconfigure.metrics;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.metrics.internal.BaseUnitCompilationMetrics;
import dev.openframe.telemetry.metrics.internal.BaseUnitProcessorMetrics;
import dev.openframe.telemetry.metrics.internal.MaximumTagSetsMeterFilter;
import dev.openframe.telemetry.metrics.internal.PrometheusConventionsMeterFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link TelemetryMetricsAutoConfiguration}.
 */
class TelemetryMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class));

	@Test
	void capsTheStartersMetersInTheRegistry() {
		this.runner.withPropertyValues("openframe.telemetry.metrics.max-tag-sets=2").run((context) -> {
			assertThat(context).hasSingleBean(MaximumTagSetsMeterFilter.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (int i = 0; i < 4; i++) {
				Timer.builder("adapter.operation.duration").tag("operation", "op" + i).register(registry);
				Timer.builder("http.server.request.duration").tag("http.route", "/r" + i).register(registry);
				Timer.builder("application.timer").tag("operation", "op" + i).register(registry);
			}
			assertThat(registry.find("adapter.operation.duration").timers()).hasSize(2);
			assertThat(registry.find("http.server.request.duration").timers()).hasSize(2);
			assertThat(registry.find("application.timer").timers()).hasSize(4);
		});
	}

	@Test
	void capIsTheValueOfTheBoundTelemetryProperties() {
		this.runner.withInitializer(EnvironmentVariables.of("OPENFRAME_TELEMETRY_METRICS_MAXTAGSETS=3"))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				for (int i = 0; i < 5; i++) {
					Timer.builder("adapter.operation.duration").tag("operation", "op" + i).register(registry);
				}
				assertThat(registry.find("adapter.operation.duration").timers()).hasSize(3);
				assertThat(context.getBean(TelemetryProperties.class).getMetrics().getMaxTagSets()).isEqualTo(3);
			});
	}

	@Test
	void capDefaultsToTheDefaultOfTheProperties() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			int maximum = new TelemetryProperties().getMetrics().getMaxTagSets();
			for (int i = 0; i <= maximum; i++) {
				Timer.builder("adapter.operation.duration").tag("operation", "op" + i).register(registry);
			}
			assertThat(registry.find("adapter.operation.duration").timers()).hasSize(maximum);
		});
	}

	@Test
	void sharesTheBoundPropertiesWithTheSdkAutoConfiguration() {
		this.runner.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class))
			.withPropertyValues("openframe.telemetry.metrics.max-tag-sets=7")
			.run((context) -> assertThat(context).hasSingleBean(TelemetryProperties.class)
				.getBean(TelemetryProperties.class)
				.satisfies((properties) -> assertThat(properties.getMetrics().getMaxTagSets()).isEqualTo(7)));
	}

	@Test
	void capStaysWithoutPrometheusConventions() {
		this.runner.withPropertyValues("openframe.telemetry.metrics.prometheus-conventions=false")
			.run((context) -> assertThat(context).hasSingleBean(MaximumTagSetsMeterFilter.class)
				.doesNotHaveBean(PrometheusConventionsMeterFilter.class));
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MaximumTagSetsMeterFilter.class)
				.doesNotHaveBean(PrometheusConventionsMeterFilter.class));
	}

	@Test
	void invalidCapStopsStartup() {
		this.runner.withPropertyValues("openframe.telemetry.metrics.max-tag-sets=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'openframe.telemetry.metrics.max-tag-sets' must be a positive number but was '0'"));
	}

	@Test
	void providesPrometheusConventions() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(PrometheusConventionsMeterFilter.class)
			.hasSingleBean(BaseUnitCompilationMetrics.class)
			.hasSingleBean(BaseUnitProcessorMetrics.class));
	}

	@Test
	void backsOffWhenApplicationDefinesItsOwnBinders() {
		JvmCompilationMetrics compilation = new JvmCompilationMetrics();
		ProcessorMetrics processor = new ProcessorMetrics();
		this.runner.withBean(JvmCompilationMetrics.class, () -> compilation)
			.withBean(ProcessorMetrics.class, () -> processor)
			.run((context) -> {
				assertThat(context.getBean(JvmCompilationMetrics.class)).isSameAs(compilation);
				assertThat(context.getBean(ProcessorMetrics.class)).isSameAs(processor);
			});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PrometheusConventionsMeterFilter.class));
	}

}
