package dev.openframe.telemetry.repository;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import dev.openframe.telemetry.repository.internal.RepositoryTracingInterceptor;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.opentelemetry.proto.trace.v1.Span;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * {@link RepositoryTestApplication} on a real Tomcat and a real database, exporting spans to a
 * real OTLP receiver.
 */
final class RunningRepositoryApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final OtlpReceiver receiver;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private RunningRepositoryApp(ConfigurableApplicationContext context, OtlpReceiver receiver) {
		this.context = context;
		this.receiver = receiver;
	}

	static RunningRepositoryApp start(String jdbcUrl, String username, String unreachableUrl, String... extra) {
		OtlpReceiver receiver = OtlpReceiver.start();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"spring.datasource.url=" + jdbcUrl, "spring.datasource.username=" + username,
				"spring.datasource.password=", "spring.datasource.hikari.connection-timeout=1000",
				"spring.datasource.hikari.validation-timeout=500", "test.unreachable-url=" + unreachableUrl,
				"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
				"openframe.telemetry.traces.batch.schedule-delay=100ms"));
		properties.addAll(List.of(extra));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RepositoryTestApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
		context.getBean(JdbcTemplate.class).execute(RepositoryTestApplication.SCHEMA);
		return new RunningRepositoryApp(context, receiver);
	}

	static String closedPortUrl(String template) throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return template.replace("PORT", Integer.toString(socket.getLocalPort()));
		}
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	Span awaitSpan(String name, Predicate<Span> predicate) {
		return await().atMost(Duration.ofSeconds(15)).until(() -> this.receiver.spans()
			.stream()
			.filter((span) -> span.getName().equals(name))
			.filter(predicate)
			.reduce((first, second) -> second)
			.orElse(null), Objects::nonNull);
	}

	List<Span> spans() {
		return this.receiver.spans();
	}

	double count(String operation, String outcome) {
		Search search = bean(MeterRegistry.class).find(RepositoryTracingInterceptor.METER_NAME)
			.tag("operation", operation)
			.tag("outcome", outcome);
		return search.timers().stream().mapToLong((timer) -> timer.count()).sum();
	}

	double count(String adapter, String operation, String outcome) {
		Search search = bean(MeterRegistry.class).find(RepositoryTracingInterceptor.METER_NAME)
			.tag("adapter", adapter)
			.tag("operation", operation)
			.tag("outcome", outcome);
		return search.timers().stream().mapToLong((timer) -> timer.count()).sum();
	}

	HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody());
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
