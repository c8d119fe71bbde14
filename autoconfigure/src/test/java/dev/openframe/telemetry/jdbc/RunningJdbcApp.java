package dev.openframe.telemetry.jdbc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * {@link JdbcTestApplication} (or another test application) on a real Tomcat and a real database, exporting every signal to a
 * real OTLP receiver.
 */
final class RunningJdbcApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final OtlpReceiver receiver;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private RunningJdbcApp(ConfigurableApplicationContext context, OtlpReceiver receiver) {
		this.context = context;
		this.receiver = receiver;
	}

	static RunningJdbcApp start(String jdbcUrl, String username, String... extra) {
		RunningJdbcApp app = start(JdbcTestApplication.class, jdbcUrl, username, extra);
		app.bean(JdbcTemplate.class).execute(JdbcTestApplication.SCHEMA);
		return app;
	}

	static RunningJdbcApp start(Class<?> application, String jdbcUrl, String username, String... extra) {
		OtlpReceiver receiver = OtlpReceiver.start();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.datasource.url=" + jdbcUrl, "spring.datasource.username=" + username,
				"spring.datasource.password=", "spring.datasource.hikari.connection-timeout=2000",
				// Neither may ever show in a span: the pool runs them on its own connections.
				"spring.datasource.hikari.connection-test-query=SELECT 1 AS hikari_probe",
				"spring.datasource.hikari.connection-init-sql=SELECT 2 AS hikari_init",
				"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
				"openframe.telemetry.traces.batch.schedule-delay=100ms",
				"openframe.telemetry.metrics.export-interval=500ms"));
		properties.addAll(List.of(extra));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.properties(properties.toArray(String[]::new))
			.run();
		return new RunningJdbcApp(context, receiver);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	OtlpReceiver receiver() {
		return this.receiver;
	}

	Span awaitSpan(Predicate<Span> predicate) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> this.receiver.spans().stream().filter(predicate).reduce((first, second) -> second).orElse(null),
					Objects::nonNull);
	}

	List<Span> awaitSpans(Predicate<Span> predicate, int count) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> this.receiver.spans().stream().filter(predicate).toList(), (spans) -> spans.size() >= count);
	}

	HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.context.close();
		this.receiver.close();
	}

}
