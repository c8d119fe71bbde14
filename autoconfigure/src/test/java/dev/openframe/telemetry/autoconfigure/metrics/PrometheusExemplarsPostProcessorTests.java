package dev.openframe.telemetry.autoconfigure.metrics;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus client's {@code exemplarsOnAllMetricTypes} follows
 * {@code openframe.telemetry.metrics.exemplars-on-count} through Spring Boot's
 * {@code management.prometheus.metrics.export.properties}, unless the application sets it.
 */
class PrometheusExemplarsPostProcessorTests {

	private static final String EXEMPLARS = PrometheusExemplarsPostProcessor.EXEMPLARS_PROPERTY;

	@Test
	void keepsExemplarsOffCountLinesByDefault() {
		assertThat(process(Map.of()).getProperty(EXEMPLARS)).isEqualTo("false");
	}

	@Test
	void exemplarsOnCountTurnsTheClientPropertyOn() {
		assertThat(process(Map.of("openframe.telemetry.metrics.exemplars-on-count", "true")).getProperty(EXEMPLARS))
			.isEqualTo("true");
	}

	@Test
	void readsExemplarsOnCountInAnyRelaxedForm() {
		assertThat(process(Map.of("openframe.telemetry.metrics.exemplarsOnCount", "true")).getProperty(EXEMPLARS))
			.isEqualTo("true");
	}

	@Test
	void applicationSettingOfTheClientPropertyWinsInAnySpelling() {
		String snakeCase = PrometheusExemplarsPostProcessor.PROPERTIES_PREFIX
				+ ".io.prometheus.exporter.exemplars_on_all_metric_types";
		StandardEnvironment environment = process(Map.of(snakeCase, "true"));
		assertThat(environment.containsProperty(EXEMPLARS)).isFalse();
		assertThat(environment.getProperty(snakeCase)).isEqualTo("true");
		assertThat(process(Map.of(EXEMPLARS, "true")).getProperty(EXEMPLARS)).isEqualTo("true");
	}

	@Test
	void leavesTheApplicationUntouchedWhenTelemetryIsDisabled() {
		assertThat(process(Map.of("openframe.telemetry.enabled", "false")).containsProperty(EXEMPLARS)).isFalse();
	}

	private static StandardEnvironment process(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
		new PrometheusExemplarsPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
