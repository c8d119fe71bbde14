package dev.openframe.telemetry.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end: the packaged sample app as its own process, exporting to a real OTLP receiver,
 * scraped by a real Prometheus server, driven by a real HTTP client.
 */
class SampleApplicationIT {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static OtlpReceiver receiver;

	private static SampleApplicationProcess app;

	@BeforeAll
	static void start() throws Exception {
		receiver = OtlpReceiver.start();
		app = SampleApplicationProcess.start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint(),
				"OTEL_BSP_SCHEDULE_DELAY", "200", "OTEL_METRIC_EXPORT_INTERVAL", "1000"));
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
		if (receiver != null) {
			receiver.close();
		}
	}

	@Test
	void getItemContinuesTraceWithServerAndRepositorySpans() throws Exception {
		HttpResponse<String> response = app.get("/items/1", "traceparent", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID
				+ "-01", "x-session-id", "session-e2e-1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).path("name").asText()).isEqualTo("keyboard");
		assertThat(response.headers().firstValue("x-session-id")).hasValue("session-e2e-1");
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			List<Span> trace = receiver.spans()
				.stream()
				.filter((span) -> hex(span.getTraceId().toByteArray()).equals(TRACE_ID))
				.toList();
			Span server = trace.stream().filter((span) -> span.getName().equals("GET /items/{id}")).findFirst().orElseThrow();
			Span repository = trace.stream()
				.filter((span) -> span.getName().equals("repository.item.findById"))
				.findFirst()
				.orElseThrow();
			assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
			assertThat(hex(server.getParentSpanId().toByteArray())).isEqualTo(PARENT_SPAN_ID);
			assertThat(attribute(server.getAttributesList(), "session.id")).isEqualTo("session-e2e-1");
			assertThat(repository.getParentSpanId()).isEqualTo(server.getSpanId());
		});
		assertThat(attribute(receiver.resources("traces").get(0).getAttributesList(), "service.name"))
			.isEqualTo("items-service");
	}

	@Test
	void requestLogIsOneJsonLineWithTraceAndSessionId() throws Exception {
		String traceId = "0af7651916cd43dd8448eb211c80319c";
		app.get("/items/2", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01", "x-session-id", "session-log");
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
			JsonNode event = app.outputLines()
				.stream()
				.filter((line) -> line.startsWith("{") && line.contains(traceId))
				.map(json::readTree)
				.filter((node) -> node.path("log").path("logger").asText().equals("dev.openframe.telemetry.http")
						|| node.path("log.logger").asText().equals("dev.openframe.telemetry.http"))
				.findFirst()
				.orElseThrow();
			assertThat(event.toString()).contains("session-log").contains("/items/2").contains("/items/{id}");
		});
	}

	@Test
	void missingItemIsNotFoundProblem() throws Exception {
		HttpResponse<String> response = app.get("/items/987654");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("item WHERE");
	}

	@Test
	void createListAndDeleteItems() throws Exception {
		HttpResponse<String> created = app.send(HttpRequest.newBuilder(app.uri("/items"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"desk lamp\"}")));
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(app.get(location).statusCode()).isEqualTo(200);
		assertThat(app.get("/items").body()).contains("desk lamp");
		HttpResponse<String> duplicate = app.send(HttpRequest.newBuilder(app.uri("/items"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"desk lamp\"}")));
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.body()).doesNotContainIgnoringCase("unique").doesNotContainIgnoringCase("insert");
		assertThat(app.send(HttpRequest.newBuilder(app.uri(location)).DELETE()).statusCode()).isEqualTo(204);
		assertThat(app.get(location).statusCode()).isEqualTo(404);
	}

	@Test
	void asyncEndpointIsTracedToItsEnd() throws Exception {
		HttpResponse<String> response = app.get("/items/3/async");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).path("name").asText()).isEqualTo("monitor");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(receiver.spans())
			.extracting(Span::getName)
			.contains("GET /items/{id}/async"));
	}

	@Test
	void prometheusServesRequestAndAdapterSeries() throws Exception {
		app.get("/items/1");
		HttpResponse<String> response = app.get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("http_server_request_duration_seconds_count{")
			.contains("http_route=\"/items/{id}\"")
			.contains("adapter_operation_duration_seconds_count{")
			.contains("http_server_active_requests{")
			.contains("jvm_memory_used_bytes{");
	}

	@Test
	void stockPrometheusScrapesOpenMetricsWithExemplarsAndQueriesRouteQuantiles() throws Exception {
		try (PrometheusServer prometheus = PrometheusServer.start("items-service", app.uri("/actuator/prometheus"))) {
			// Twice, with a scrape after each: rate() needs two samples of a series that already existed.
			Instant trafficStart = Instant.now();
			for (int round = 0; round < 2; round++) {
				sendSampledTrafficWithRepositoryError();
				prometheus.awaitSuccessfulScrape(Duration.ofSeconds(30));
			}
			assertThat(prometheus.query("up{job=\"items-service\"} == 1")).hasSize(1);
			assertThat(prometheus.query("adapter_operation_duration_seconds_count{outcome!=\"success\"}"))
				.isNotEmpty();
			JsonNode quantiles = prometheus.query("histogram_quantile(0.99, sum by (le, http_route) "
					+ "(rate(http_server_request_duration_seconds_bucket[1m])))");
			assertThat(quantiles).as("p99 per route: %s", quantiles)
				.filteredOn((series) -> !series.path("value").path(1).asText().equals("NaN"))
				.extracting((series) -> series.path("metric").path("http_route").asText())
				.contains("/items/{id}", "/items");
			JsonNode exemplars = prometheus.exemplars(
					"http_server_request_duration_seconds_bucket{http_route=\"/items/{id}\"}", trafficStart, Instant.now());
			assertThat(exemplars).as("stored exemplars: %s", exemplars)
				.flatExtracting((series) -> series.path("exemplars").values())
				.extracting((exemplar) -> exemplar.path("labels").path("trace_id").asText())
				.anySatisfy((traceId) -> assertThat(traceId).matches("[0-9a-f]{32}"));
		}
	}

	/** Sampled requests (so every meter they record may take an exemplar), one a repository error. */
	private static void sendSampledTrafficWithRepositoryError() throws Exception {
		assertThat(app.get("/items/1", "traceparent", "00-1af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
			.statusCode()).isEqualTo(200);
		assertThat(app.get("/items").statusCode()).isEqualTo(200);
		assertThat(app.get("/items/987654").statusCode()).isEqualTo(404);
	}

	@Test
	void startsWithoutWarnings() throws Exception {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> app.outputLines().stream().anyMatch((line) -> line.contains("Started SampleApplication")));
		List<String> startup = app.outputLines()
			.stream()
			.takeWhile((line) -> !line.contains("Started SampleApplication"))
			.filter((line) -> line.startsWith("{"))
			.toList();
		assertThat(startup).isNotEmpty();
		assertThat(startup).noneMatch((line) -> {
			JsonNode event = json.readTree(line);
			String level = event.path("log").path("level").asText(event.path("log.level").asText());
			return level.equals("WARN") || level.equals("ERROR");
		});
	}

	@Test
	void prometheusOutputPassesPromtool() throws Exception {
		Path promtool = Path.of("/usr/bin/promtool");
		PrometheusServer.requireBinary(promtool);
		app.get("/items/1");
		String metrics = app.get("/actuator/prometheus").body();
		Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		check.getOutputStream().write(metrics.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		check.getOutputStream().close();
		assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String report = new String(check.getInputStream().readAllBytes());
		assertThat(check.exitValue()).as("promtool check metrics:%n%s", report).isZero();
	}

	private static String hex(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		for (byte b : bytes) {
			text.append(String.format("%02x", b));
		}
		return text.toString();
	}

}
