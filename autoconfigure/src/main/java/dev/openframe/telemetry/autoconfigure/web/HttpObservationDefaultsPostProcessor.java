package dev.openframe.telemetry.autoconfigure.web;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Turns Spring Boot's own {@code http.server.requests} observation off by default while the
 * telemetry filter measures requests, so that no request is measured (or, with Micrometer
 * Tracing, traced) twice. Only in servlet web applications: the filter measures nothing
 * elsewhere (a WebFlux application keeps Spring Boot's observation). Setting
 * {@code management.observations.enable.http.server.requests} anywhere wins over this default.
 */
final class HttpObservationDefaultsPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String OBSERVATION_PROPERTY = "management.observations.enable.http.server.requests";

	/** After the {@code OTEL_*} variables are mapped, as {@code OTEL_SDK_DISABLED} may switch the starter off. */
	@Override
	public int getOrder() {
		// Right after the OTEL_* mapping (config data + 1), which sets what this reads.
		return ConfigDataEnvironmentPostProcessor.ORDER + 2;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean filterOn = webApplicationType(environment, application) == WebApplicationType.SERVLET
				&& environment.getProperty("openframe.telemetry.enabled", Boolean.class, true)
				&& environment.getProperty("openframe.telemetry.http.enabled", Boolean.class, true);
		if (filterOn && !environment.containsProperty(OBSERVATION_PROPERTY)) {
			DefaultPropertiesPropertySource.addOrMerge(Map.of(OBSERVATION_PROPERTY, "false"),
					environment.getPropertySources());
		}
	}

	/**
	 * The type the application will run as: Spring Boot binds {@code spring.main.*} onto the
	 * application only after the environment post-processors, so the property is read here;
	 * without it, the type set on the application or deduced from the class path.
	 */
	private static WebApplicationType webApplicationType(ConfigurableEnvironment environment,
			SpringApplication application) {
		return Binder.get(environment)
			.bind("spring.main.web-application-type", WebApplicationType.class)
			.orElseGet(application::getWebApplicationType);
	}

}
