package dev.openframe.telemetry.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own {@code http.server.requests} observation is off while the filter measures
 * requests, and one documented property turns it back on.
 */
class BootObservationTests {

	@Test
	void bootsRequestObservationCanBeTurnedBackOn() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("management.observations.enable.http.server.requests=true")) {
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

}
