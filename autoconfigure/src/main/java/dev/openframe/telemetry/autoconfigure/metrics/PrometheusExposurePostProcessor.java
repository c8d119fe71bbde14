package dev.openframe.telemetry.autoconfigure.metrics;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Exposes {@code /actuator/prometheus} and {@code /actuator/health} over HTTP by default, so
 * adding the starter is enough to be scraped. The value joins Spring Boot's default properties,
 * below every other source, and only when the application sets no exposure of its own.
 */
final class PrometheusExposurePostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String EXPOSURE_PROPERTY = "management.endpoints.web.exposure.include";

	private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

	/** After the {@code OTEL_*} variables are mapped, as {@code OTEL_SDK_DISABLED} may switch the starter off. */
	@Override
	public int getOrder() {
		// Right after the OTEL_* mapping (config data + 1), which sets what this reads.
		return ConfigDataEnvironmentPostProcessor.ORDER + 2;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("openframe.telemetry.enabled", Boolean.class, true)
				|| environment.containsProperty(EXPOSURE_PROPERTY)
				|| !ClassUtils.isPresent(PROMETHEUS_REGISTRY, application.getClassLoader())) {
			return;
		}
		DefaultPropertiesPropertySource.addOrMerge(Map.of(EXPOSURE_PROPERTY, "health,prometheus"),
				environment.getPropertySources());
	}

}
