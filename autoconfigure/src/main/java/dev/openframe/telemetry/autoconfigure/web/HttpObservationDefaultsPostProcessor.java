package dev.openframe.telemetry.autoconfigure.web;

import java.util.Map;

import dev.openframe.telemetry.autoconfigure.otel.OtelEnvironmentVariablesPostProcessor;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns Spring Boot's own {@code http.server.requests} observation off by default while the
 * telemetry filter measures requests, so that no request is measured (or, with Micrometer
 * Tracing, traced) twice. Setting {@code management.observations.enable.http.server.requests}
 * anywhere wins over this default.
 */
public final class HttpObservationDefaultsPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String OBSERVATION_PROPERTY = "management.observations.enable.http.server.requests";

	/** After the {@code OTEL_*} variables are mapped, as {@code OTEL_SDK_DISABLED} may switch the starter off. */
	@Override
	public int getOrder() {
		return OtelEnvironmentVariablesPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean filterOn = environment.getProperty("openframe.telemetry.enabled", Boolean.class, true)
				&& environment.getProperty("openframe.telemetry.http.enabled", Boolean.class, true);
		if (filterOn && !environment.containsProperty(OBSERVATION_PROPERTY)) {
			DefaultPropertiesPropertySource.addOrMerge(Map.of(OBSERVATION_PROPERTY, "false"),
					environment.getPropertySources());
		}
	}

}
