package dev.openframe.telemetry.autoconfigure.actuate;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Exposes {@code /actuator/prometheus} and {@code /actuator/health} over HTTP by default, so
 * adding the starter is enough to be scraped. The default sits below every other property
 * source: any {@code management.endpoints.web.exposure.include} the application sets wins.
 */
public final class PrometheusExposurePostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the default. */
	public static final String PROPERTY_SOURCE_NAME = "openframeTelemetryEndpointExposureDefaults";

	static final String EXPOSURE_PROPERTY = "management.endpoints.web.exposure.include";

	private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("openframe.telemetry.enabled", Boolean.class, true)
				|| !ClassUtils.isPresent(PROMETHEUS_REGISTRY, application.getClassLoader())) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(EXPOSURE_PROPERTY, "health,prometheus")));
	}

}
