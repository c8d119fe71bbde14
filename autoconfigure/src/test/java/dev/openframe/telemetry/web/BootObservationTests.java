package dev.openframe.telemetry.web;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own {@code http.server.requests} observation, and the servlet filter behind it,
 * are off while the filter measures requests, without a word at start-up, and one documented
 * property turns them back on.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootObservationTests {

	/** A line logged by one of the starter's loggers, as the console shows their (shortened) names. */
	private static final Pattern STARTER_LOGGER = Pattern.compile("\\] (dev\\.openframe|d\\.o\\.t)\\.\\S*\\s+: ");

	/** Lines of the start itself: an earlier test's app in this JVM may still log from its export thread. */
	private static final Pattern MAIN_THREAD = Pattern.compile("\\[\\s*main\\] ");

	@Test
	void springsObservationFilterIsLeftOutWhileTheObservationIsOff(CapturedOutput output) throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			String startup = output.toString();
			app.get("/items/1");
			assertThat(app.prometheus().samples("http_server_requests_seconds_count")).isEmpty();
			assertThat(filterClassesInTheChain(app)).contains(TelemetryFilter.class.getName())
				.doesNotContain(ServerHttpObservationFilter.class.getName());
			assertThat(observationFilterRegistrations(app)).isEmpty();
			// Kept out quietly: no "Filter ... was not registered (disabled)" line at every start,
			// and the starter's own loggers say one thing only: that nothing is exported.
			assertThat(startup).doesNotContain("was not registered");
			assertThat(startup.lines().filter(MAIN_THREAD.asPredicate()).filter(STARTER_LOGGER.asPredicate()))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains("OpenTelemetry export is off"));
		}
	}

	@Test
	void bootsRequestObservationCanBeTurnedBackOn() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("management.observations.enable.http.server.requests=true")) {
			assertThat(observationFilterRegistrations(app)).singleElement()
				.satisfies((registration) -> assertThat(registration.isEnabled()).isTrue());
			assertThat(filterClassesInTheChain(app)).contains(ServerHttpObservationFilter.class.getName(),
					TelemetryFilter.class.getName());
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

	/** The filters registered with the servlet container, which is what requests go through. */
	private static List<String> filterClassesInTheChain(RunningWebApp app) {
		ServletContext servletContext = ((WebApplicationContext) app.context()).getServletContext();
		assertThat(servletContext).isNotNull();
		return servletContext.getFilterRegistrations()
			.values()
			.stream()
			.map(FilterRegistration::getClassName)
			.toList();
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
