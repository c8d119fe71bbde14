package dev.openframe.telemetry.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app run from its Spring AOT-processed bean definitions
 * ({@code -Dspring.aot.enabled=true}), with the OTLP endpoint given only at run time: the filter,
 * the repository proxy and the export all work as without AOT.
 */
class AotSampleApplicationIT {

	private static final String TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4736";

	private static OtlpReceiver receiver;

	private static SampleApplicationProcess app;

	@BeforeAll
	static void start() throws Exception {
		receiver = OtlpReceiver.start();
		app = SampleApplicationProcess.start(List.of("-Dspring.aot.enabled=true"),
				Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint(), "OTEL_BSP_SCHEDULE_DELAY", "200",
						"OTEL_METRIC_EXPORT_INTERVAL", "1000"));
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
	void runsFromAotProcessedDefinitions() throws Exception {
		assertThat(app.output()).contains("Starting AOT-processed SampleApplication");
	}

	@Test
	void filterEchoesSessionIdAndExportsServerAndRepositorySpans() throws Exception {
		HttpResponse<String> response = app.get("/items/1", "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01",
				"x-session-id", "session-aot");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("x-session-id")).hasValue("session-aot");
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
			List<Span> trace = receiver.spans()
				.stream()
				.filter((span) -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(TRACE_ID))
				.toList();
			Span server = trace.stream().filter((span) -> span.getName().equals("GET /items/{id}")).findFirst().orElseThrow();
			Span repository = trace.stream()
				.filter((span) -> span.getName().equals("repository.item.findById"))
				.findFirst()
				.orElseThrow();
			assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
			assertThat(attribute(server.getAttributesList(), "session.id")).isEqualTo("session-aot");
			assertThat(repository.getParentSpanId()).isEqualTo(server.getSpanId());
		});
	}

	@Test
	void exportsMetricsAndLogsOverOtlp() throws Exception {
		app.get("/items/2");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(receiver.metrics()).extracting((metric) -> metric.getName()).contains("http.server.request.duration", "adapter.operation.duration");
			assertThat(receiver.logRecords()).isNotEmpty();
		});
	}

	@Test
	void missingItemIsStillANotFoundProblem() throws Exception {
		HttpResponse<String> response = app.get("/items/987654");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

}
