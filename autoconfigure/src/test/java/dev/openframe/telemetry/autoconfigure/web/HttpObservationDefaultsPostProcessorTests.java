package dev.openframe.telemetry.autoconfigure.web;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's {@code http.server.requests} observation is switched off by default only where
 * the telemetry filter measures requests instead: in servlet web applications.
 */
class HttpObservationDefaultsPostProcessorTests {

	@Test
	void servletApplicationTurnsBootsObservationOff() {
		assertThat(observationProperty(WebApplicationType.SERVLET, Map.of())).isEqualTo("false");
	}

	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "NONE" })
	void otherApplicationsKeepBootsObservation(WebApplicationType type) {
		assertThat(observationProperty(type, Map.of())).isNull();
	}

	@Test
	void webApplicationTypePropertyDecides() {
		// Set in application.yml, the property is bound onto the application only after the
		// environment post-processors; the class path alone says servlet here.
		assertThat(observationProperty(WebApplicationType.SERVLET,
				Map.of("spring.main.web-application-type", "reactive"))).isNull();
		assertThat(observationProperty(WebApplicationType.REACTIVE,
				Map.of("spring.main.web-application-type", "servlet"))).isEqualTo("false");
	}

	@Test
	void applicationsOwnSettingWins() {
		assertThat(observationProperty(WebApplicationType.SERVLET,
				Map.of(HttpObservationDefaultsPostProcessor.OBSERVATION_PROPERTY, "true"))).isEqualTo("true");
	}

	@Test
	void filterOffKeepsBootsObservation() {
		assertThat(observationProperty(WebApplicationType.SERVLET, Map.of("openframe.telemetry.http.enabled", "false")))
			.isNull();
	}

	private static String observationProperty(WebApplicationType type, Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		SpringApplication application = new SpringApplication();
		application.setWebApplicationType(type);
		new HttpObservationDefaultsPostProcessor().postProcessEnvironment(environment, application);
		return environment.getProperty(HttpObservationDefaultsPostProcessor.OBSERVATION_PROPERTY);
	}

}
