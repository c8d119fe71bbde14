package dev.openframe.telemetry.web;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application that also runs Micrometer Tracing (Spring Boot's OpenTelemetry bridge) still
 * gets one server span per request: the filter's. Runs in its own Surefire execution, the only
 * one with {@code spring-boot-micrometer-tracing-opentelemetry} on the class path (see the
 * module's pom).
 */
class MicrometerTracingTests {

	private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

	@Test
	void oneServerSpanPerRequest() throws Exception {
		List<Span> serverSpans = serverSpansOfOneRequest();
		assertThat(serverSpans).singleElement().satisfies((span) -> {
			assertThat(span.getName()).isEqualTo("GET /items/{id}");
			assertThat(OtlpReceiver.attribute(span.getAttributesList(), "session.id")).isEqualTo("tracing-session");
		});
	}

	@Test
	void micrometerTracingSpansGoOutThroughTheStartersSdk() throws Exception {
		// The check above means something only if the bridge is live: a span made through
		// Micrometer Tracing's own API reaches the receiver through the starter's exporter.
		try (OtlpReceiver receiver = OtlpReceiver.start();
				RunningWebApp app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint())) {
			Class<?> tracerType = Class.forName("io.micrometer.tracing.Tracer");
			Class<?> spanType = Class.forName("io.micrometer.tracing.Span");
			Object tracer = app.context().getBean(tracerType);
			Object span = tracerType.getMethod("nextSpan").invoke(tracer);
			span = spanType.getMethod("name", String.class).invoke(span, "micrometer-probe");
			spanType.getMethod("end").invoke(spanType.getMethod("start").invoke(span));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> receiver.spans().stream().anyMatch((candidate) -> candidate.getName().equals("micrometer-probe")));
		}
	}

	private static List<Span> serverSpansOfOneRequest() throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start()) {
			try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
					"management.tracing.sampling.probability=1.0")) {
				assertThat(app.context().getBeanNamesForType(Class.forName("io.micrometer.tracing.Tracer")))
					.as("Micrometer Tracing is active")
					.isNotEmpty();
				assertThat(app.get("/items/1", "traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01", "x-session-id",
						"tracing-session")
					.statusCode()).isEqualTo(200);
			}
			// Closing the application flushed every span it had ended.
			return receiver.spans()
				.stream()
				.filter((span) -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(TRACE_ID))
				.filter((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
				.toList();
		}
	}

}
