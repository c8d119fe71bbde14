package dev.openframe.telemetry.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own {@code http.server.requests} observation, and the servlet filter behind it,
 * are off while the filter measures requests, and one documented property turns them back on.
 */
class BootObservationTests {

	@Test
	void springsObservationFilterIsLeftOutWhileTheObservationIsOff() throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			app.get("/items/1");
			assertThat(app.prometheus().samples("http_server_requests_seconds_count")).isEmpty();
			assertThat(observationFilterRegistrations(app)).isNotEmpty()
				.allSatisfy((registration) -> assertThat(registration.isEnabled()).isFalse());
		}
	}

	@Test
	void bootsRequestObservationCanBeTurnedBackOn() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("management.observations.enable.http.server.requests=true")) {
			assertThat(observationFilterRegistrations(app)).singleElement()
				.satisfies((registration) -> assertThat(registration.isEnabled()).isTrue());
			app.get("/items/1");
			assertThat(app.prometheus().samples("http_server_requests_seconds_count")).isNotEmpty();
			assertThat(app.prometheus().samples("http_server_request_duration_seconds_count")).isNotEmpty();
		}
	}

	@Test
	void bootsRequestObservationStaysOnWithoutTheFilter() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.http.enabled=false")) {
			app.get("/items/1");
			assertThat(app.prometheus().samples("http_server_requests_seconds_count")).isNotEmpty();
			assertThat(app.prometheus().samples("http_server_request_duration_seconds_count")).isEmpty();
		}
	}

	private static List<FilterRegistrationBean<?>> observationFilterRegistrations(RunningWebApp app) {
		return app.context()
			.getBeansOfType(FilterRegistrationBean.class)
			.values()
			.stream()
			.<FilterRegistrationBean<?>>map((registration) -> registration)
			.filter((registration) -> registration.getFilter() instanceof ServerHttpObservationFilter)
			.toList();
	}

}
