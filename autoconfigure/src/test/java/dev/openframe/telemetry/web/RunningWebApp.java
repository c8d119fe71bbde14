package dev.openframe.telemetry.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.openframe.telemetry.testsupport.PrometheusText;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link WebTestApplication} on a real Tomcat, 127.0.0.1 and a random port.
 */
final class RunningWebApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private RunningWebApp(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static RunningWebApp start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.application.name=web-test", "openframe.telemetry.traces.batch.schedule-delay=100ms"));
		all.addAll(List.of(properties));
		return new RunningWebApp(
				new SpringApplicationBuilder(WebTestApplication.class).properties(all.toArray(String[]::new)).run());
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port() + path);
	}

	HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpClient client() {
		return this.http;
	}

	PrometheusText prometheus() throws IOException, InterruptedException {
		HttpResponse<String> response = get("/actuator/prometheus");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
		}
		return PrometheusText.parse(response.body());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
