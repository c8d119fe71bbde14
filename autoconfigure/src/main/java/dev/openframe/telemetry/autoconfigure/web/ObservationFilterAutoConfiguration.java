package dev.openframe.telemetry.autoconfigure.web;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Keeps Spring's {@link ServerHttpObservationFilter} out of the filter chain while Spring Boot's
 * {@code http.server.requests} observation is off, as it is by default while the telemetry
 * filter is on: with the observation off that filter records nothing, yet still costs every
 * request. Spring Boot registers its filter only when no registration of one exists, so a
 * disabled registration is enough; turning the observation back on brings the filter back.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ServerHttpObservationFilter.class, ObservationRegistry.class })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.http.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = HttpObservationDefaultsPostProcessor.OBSERVATION_PROPERTY, havingValue = false)
public final class ObservationFilterAutoConfiguration {

	ObservationFilterAutoConfiguration() {
	}

	@Bean
	FilterRegistrationBean<ServerHttpObservationFilter> disabledObservationFilterRegistration() {
		FilterRegistrationBean<ServerHttpObservationFilter> registration = new FilterRegistrationBean<>(
				new ServerHttpObservationFilter(ObservationRegistry.NOOP));
		registration.setEnabled(false);
		return registration;
	}

}
