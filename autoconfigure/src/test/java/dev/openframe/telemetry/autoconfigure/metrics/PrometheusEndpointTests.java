package dev.openframe.telemetry.autoconfigure.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.openframe.telemetry.testsupport.PrometheusText;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With nothing configured, a web application with the starter answers
 * {@code /actuator/prometheus}; the exposure is a default the application can override. CPU and
 * compilation times are published in seconds.
 */
class PrometheusEndpointTests {

	@Test
	void prometheusEndpointAnswersWithoutConfiguration() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			HttpResponse<String> response = get(context, "/actuator/prometheus");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).contains("# TYPE telemetry_export_items_total counter")
				.contains("jvm_memory_used_bytes");
			assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void cpuAndCompilationTimesAreInSeconds() throws Exception {
		long cpuNanosBefore = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
		try (ConfigurableApplicationContext context = run()) {
			PrometheusText scrape = PrometheusText.parse(get(context, "/actuator/prometheus").body());
			assertThat(scrape.type("process_cpu_time_seconds_total")).isEqualTo("counter");
			assertThat(scrape.samples("process_cpu_time_seconds_total")).singleElement()
				.satisfies((sample) -> assertThat(sample.value()).isGreaterThan(cpuNanosBefore / 1e9)
					.isLessThan(cpuNanosBefore / 1e9 + 600));
			assertThat(scrape.samples("jvm_compilation_time_seconds_total")).singleElement()
				.satisfies((sample) -> assertThat(sample.value()).isPositive().isLessThan(600));
			assertThat(scrape.samples().stream().map(PrometheusText.Sample::name))
				.noneMatch((name) -> name.contains("milliseconds") || name.contains("nanoseconds"));
		}
	}

	@Test
	void applicationExposureWins() throws Exception {
		try (ConfigurableApplicationContext context = run("management.endpoints.web.exposure.include=health")) {
			assertThat(get(context, "/actuator/prometheus").statusCode()).isEqualTo(404);
			assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void notExposedWhenTelemetryIsDisabled() throws Exception {
		try (ConfigurableApplicationContext context = run("openframe.telemetry.enabled=false")) {
			assertThat(get(context, "/actuator/prometheus").statusCode()).isEqualTo(404);
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1")
			.properties(properties)
			.run();
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
	static class TestApplication {

	}

}
