package dev.openframe.telemetry.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Test initializer that replaces the context's system environment with given variables and
 * then runs {@link OtelEnvironmentVariablesPostProcessor}, as Spring Boot does at start-up.
 */
public final class EnvironmentVariables implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private final Map<String, Object> variables;

	private EnvironmentVariables(Map<String, Object> variables) {
		this.variables = variables;
	}

	public static EnvironmentVariables of(String... pairs) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (String pair : pairs) {
			int equals = pair.indexOf('=');
			variables.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return new EnvironmentVariables(variables);
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		String name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
		context.getEnvironment()
			.getPropertySources()
			.replace(name, new SystemEnvironmentPropertySource(name, this.variables));
		new OtelEnvironmentVariablesPostProcessor().postProcessEnvironment(context.getEnvironment(),
				new SpringApplication());
	}

}
