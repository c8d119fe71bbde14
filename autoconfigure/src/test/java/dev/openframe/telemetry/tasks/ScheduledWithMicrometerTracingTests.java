package dev.openframe.telemetry.tasks;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.openframe.telemetry.tasks.internal.MdcCorrelation;
import dev.openframe.telemetry.tasks.internal.ScheduledTaskSpans;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer Tracing's OpenTelemetry bridge, Spring Boot's tracing handler makes the span of
 * a scheduled run and the starter's steps aside: one span per run, whose ids the run's log lines
 * carry. Runs in the Surefire execution that has the bridge on the class path (see the pom).
 */
class ScheduledWithMicrometerTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void oneSpanPerScheduledRun() throws Exception {
		ListAppender<ILoggingEvent> reportLog = new ListAppender<>();
		Logger logger = (Logger) LoggerFactory.getLogger("test.tasks.report");
		try (OtlpReceiver receiver = OtlpReceiver.start();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(TaskTestApplication.class)
					.properties("spring.main.web-application-type=none",
							"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
							"openframe.telemetry.traces.batch.schedule-delay=100ms",
							"management.tracing.sampling.probability=1.0")
					.run()) {
			assertThat(app.getBeanNamesForType(ScheduledTaskSpans.class)).isEmpty();
			reportLog.start();
			logger.addAppender(reportLog);
			app.getBean(MdcCorrelation.class).afterPropertiesSet();
			ILoggingEvent logged = await().atMost(WAIT)
				.until(() -> List.copyOf(reportLog.list)
					.stream()
					.filter((event) -> event.getMDCPropertyMap().containsKey("trace_id"))
					.findFirst()
					.orElse(null), Objects::nonNull);
			String traceId = logged.getMDCPropertyMap().get("trace_id");
			await().atMost(WAIT).until(() -> !spansOf(receiver, traceId).isEmpty());
			// Both spans of a run would end together and leave in the same batch: give it one more.
			Thread.sleep(500);
			assertThat(spansOf(receiver, traceId)).singleElement()
				.satisfies((span) -> assertThat(hex(span.getSpanId().toByteArray()))
					.isEqualTo(logged.getMDCPropertyMap().get("span_id")));
		}
		finally {
			logger.detachAppender(reportLog);
		}
	}

	private static List<Span> spansOf(OtlpReceiver receiver, String traceId) {
		return receiver.spans().stream().filter((span) -> hex(span.getTraceId().toByteArray()).equals(traceId)).toList();
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
