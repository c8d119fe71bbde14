package dev.openframe.telemetry.autoconfigure.metrics;

import dev.openframe.telemetry.metrics.internal.BaseUnitCompilationMetrics;
import dev.openframe.telemetry.metrics.internal.BaseUnitProcessorMetrics;
import dev.openframe.telemetry.metrics.internal.PrometheusConventionsMeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link TelemetryMetricsAutoConfiguration}.
 */
class TelemetryMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetryMetricsAutoConfiguration.class));

	@Test
	void providesPrometheusConventions() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(PrometheusConventionsMeterFilter.class)
			.hasSingleBean(BaseUnitCompilationMetrics.class)
			.hasSingleBean(BaseUnitProcessorMetrics.class));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("openframe.telemetry.metrics.prometheus-conventions=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PrometheusConventionsMeterFilter.class)
				.doesNotHaveBean(BaseUnitCompilationMetrics.class));
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PrometheusConventionsMeterFilter.class));
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
