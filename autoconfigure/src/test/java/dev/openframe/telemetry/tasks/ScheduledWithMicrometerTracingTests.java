package dev.openframe.telemetry.tasks;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.openframe.telemetry.tasks.internal.ScheduledTaskSpans;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing's OpenTelemetry bridge, Spring Boot's tracing handler makes the span of
 * a scheduled run and the starter's steps aside: one span per run, whose ids the run's log lines
 * carry. Runs in the Surefire execution that has the bridge on the class path (see the pom).
 */
@ExtendWith(OutputCaptureExtension.class)
class ScheduledWithMicrometerTracingTests {

	private static final Pattern REPORT_LINE = Pattern
		.compile("\\[(\\p{XDigit}{32})/(\\p{XDigit}{16})\\] report report run");

	@Test
	void oneSpanPerScheduledRun(CapturedOutput output) throws Exception {
		try (OtlpReceiver receiver = OtlpReceiver.start();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(TaskTestApplication.class)
					.properties("spring.main.web-application-type=none",
							"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
							"openframe.telemetry.traces.batch.schedule-delay=100ms",
							"management.tracing.sampling.probability=1.0",
							"logging.pattern.console=[%X{trace_id:-none}/%X{span_id:-none}] %logger{0} %m%n")
					.run()) {
			assertThat(app.getBeanNamesForType(ScheduledTaskSpans.class)).isEmpty();
			Matcher line = await().atMost(Duration.ofSeconds(20))
				.until(() -> REPORT_LINE.matcher(output.getOut()), Matcher::find);
			String traceId = line.group(1);
			List<Span> trace = await().atMost(Duration.ofSeconds(20))
				.until(() -> spansOf(receiver, traceId), (spans) -> !spans.isEmpty());
			// Both spans of a run would end together and leave in the same batch: give it one more.
			Thread.sleep(500);
			assertThat(spansOf(receiver, traceId)).singleElement()
				.satisfies((span) -> assertThat(hex(span.getSpanId().toByteArray())).isEqualTo(line.group(2)));
			assertThat(trace).isNotEmpty();
		}
	}

	private static List<Span> spansOf(OtlpReceiver receiver, String traceId) {
		return receiver.spans().stream().filter((span) -> hex(span.getTraceId().toByteArray()).equals(traceId)).toList();
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
