package dev.openframe.telemetry.autoconfigure.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring WebFlux application on a real Reactor Netty server keeps Spring Boot's
 * {@code http.server.requests} observation: the starter's servlet filter cannot measure it, so
 * the starter leaves that observation alone. Runs in its own Surefire execution, the only one
 * with Spring Boot's WebFlux and Reactor Netty modules on the class path (see the module's pom).
 */
class ReactiveApplicationTests {

	@Test
	void reactiveApplicationKeepsBootsServerRequestMetrics() throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ReactiveTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "server.address=127.0.0.1")
			.run()) {
			assertThat(context.getEnvironment()
				.containsProperty(HttpObservationDefaultsPostProcessor.OBSERVATION_PROPERTY)).isFalse();
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello"))
					.timeout(Duration.ofSeconds(20))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).isEqualTo("hello");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// The observation stops once the exchange completes, which may be just after the client has the body.
			Timer timer = await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find("http.server.requests").tag("uri", "/hello").timer(),
						(found) -> found != null && found.count() == 1);
			assertThat(timer.getId().getTag("status")).isEqualTo("200");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
	static class ReactiveTestApplication {

		@RestController
		static class HelloController {

			@GetMapping("/hello")
			String hello() {
				return "hello";
			}

		}

	}

}
