package dev.openframe.telemetry.tasks;

import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.openframe.telemetry.tasks.internal.MdcCorrelation;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scheduled, asynchronous, retried and {@code @WithSpan} work of a real application, exported
 * to a real OTLP receiver.
 */
class TaskTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static OtlpReceiver receiver;

	private static ConfigurableApplicationContext app;

	private static final ListAppender<ILoggingEvent> reportLog = new ListAppender<>();

	@BeforeAll
	static void start() {
		receiver = OtlpReceiver.start();
		app = new SpringApplicationBuilder(TaskTestApplication.class)
			.properties("spring.main.web-application-type=none", "spring.application.name=tasks-test",
					"openframe.telemetry.otlp.endpoint=" + receiver.httpEndpoint(),
					"openframe.telemetry.traces.batch.schedule-delay=100ms")
			.run();
		// After start-up, when Spring Boot has set Logback up: the application's MdcCorrelation wraps
		// this appender as it wrapped the console appender when the application started.
		reportLog.setName("REPORT_LOG");
		reportLog.start();
		((Logger) LoggerFactory.getLogger("test.tasks.report")).addAppender(reportLog);
		app.getBean(MdcCorrelation.class).afterPropertiesSet();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		((Logger) LoggerFactory.getLogger("test.tasks.report")).detachAppender(reportLog);
		receiver.close();
	}

	@Test
	void scheduledRunIsARootSpanNamedAfterClassAndMethod() {
		Span run = awaitSpan((span) -> span.getName().equals("ReportJob.run"));
		assertThat(run.getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
		assertThat(run.getParentSpanId().isEmpty()).isTrue();
		assertThat(attribute(run.getAttributesList(), "code.function.name"))
			.isEqualTo(TaskTestApplication.ReportJob.class.getName() + ".run");
		assertThat(run.getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
	}

	@Test
	void scheduledRunLogsCarryItsTraceAndSpanIds() {
		ILoggingEvent logged = await().atMost(WAIT)
			.until(() -> reportLog.list.stream()
				.filter((event) -> event.getMDCPropertyMap().containsKey("trace_id"))
				.findFirst()
				.orElse(null), Objects::nonNull);
		awaitSpan((span) -> span.getName().equals("ReportJob.run")
				&& hex(span.getTraceId().toByteArray()).equals(logged.getMDCPropertyMap().get("trace_id"))
				&& hex(span.getSpanId().toByteArray()).equals(logged.getMDCPropertyMap().get("span_id")));
	}

	@Test
	void failingScheduledRunRecordsTheException() {
		Span run = awaitSpan((span) -> span.getName().equals("FailingJob.run"));
		assertThat(run.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(run.getAttributesList(), "error.type")).isEqualTo("java.lang.IllegalStateException");
		assertThat(run.getEventsList()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
	}

	@Test
	void scheduledRunsAreTimedUnderSpringsObservationName() {
		MeterRegistry registry = app.getBean(MeterRegistry.class);
		await().atMost(WAIT).until(() -> {
			Timer timer = registry.find("tasks.scheduled.execution")
				.tag("code.function", "run")
				.tag("outcome", "ERROR")
				.timer();
			return timer != null && timer.count() > 0;
		});
		Timer success = registry.find("tasks.scheduled.execution")
			.tag("code.namespace", TaskTestApplication.ReportJob.class.getCanonicalName())
			.tag("outcome", "SUCCESS")
			.timer();
		assertThat(success).isNotNull();
		assertThat(success.count()).isPositive();
	}

	@Test
	void asyncMethodSpanIsAChildOfTheSubmittingSpan() throws Exception {
		TaskTestApplication.Worker worker = app.getBean(TaskTestApplication.Worker.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		String thread;
		try (Scope scope = parent.makeCurrent()) {
			thread = worker.onBootExecutor().get(5, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
		}
		assertThat(thread).isNotEqualTo(Thread.currentThread().getName());
		Span span = awaitChild(parent, "Worker.onBootExecutor");
		assertThat(span.getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
	}

	@Test
	void asyncMethodOnTheApplicationsOwnPoolStaysInTheTrace() throws Exception {
		TaskTestApplication.Worker worker = app.getBean(TaskTestApplication.Worker.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		String thread;
		try (Scope scope = parent.makeCurrent()) {
			thread = worker.onOwnPool().get(5, TimeUnit.SECONDS);
		}
		finally {
			parent.end();
		}
		assertThat(thread).startsWith("own-pool-");
		awaitChild(parent, "Worker.onOwnPool");
	}

	@Test
	void failingAsyncMethodRecordsTheException() {
		TaskTestApplication.Worker worker = app.getBean(TaskTestApplication.Worker.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			worker.failing();
		}
		finally {
			parent.end();
		}
		Span span = awaitChild(parent, "Worker.failing");
		assertThat(span.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(span.getAttributesList(), "error.type")).isEqualTo("java.lang.IllegalArgumentException");
	}

	@Test
	void asyncEventListenerSpanIsAChildOfThePublishingSpan() throws Exception {
		TaskTestApplication.AuditListener listener = app.getBean(TaskTestApplication.AuditListener.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			app.publishEvent(new TaskTestApplication.AuditEvent("created"));
		}
		finally {
			parent.end();
		}
		assertThat(listener.nextThread()).isNotEqualTo(Thread.currentThread().getName());
		awaitChild(parent, "AuditListener.on");
	}

	@Test
	void supplyAsyncOnApplicationExecutorsKeepsTheTrace() throws Exception {
		ThreadPoolTaskExecutor ownPool = app.getBean("ownPool", ThreadPoolTaskExecutor.class);
		ExecutorService plainPool = app.getBean("plainPool", ExecutorService.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		String traceId = parent.getSpanContext().getTraceId();
		try (Scope scope = parent.makeCurrent()) {
			assertThat(CompletableFuture.supplyAsync(TaskTracingTests::currentTraceId, ownPool).get(5, TimeUnit.SECONDS))
				.isEqualTo(traceId);
			assertThat(CompletableFuture.supplyAsync(TaskTracingTests::currentTraceId, plainPool)
				.get(5, TimeUnit.SECONDS)).isEqualTo(traceId);
		}
		finally {
			parent.end();
		}
		// Nothing leaks into the next task, run outside any span.
		assertThat(CompletableFuture.supplyAsync(TaskTracingTests::currentTraceId, plainPool).get(5, TimeUnit.SECONDS))
			.isEqualTo("00000000000000000000000000000000");
	}

	@Test
	void retriedCallHasOneSpanWithAChildPerAttempt() {
		TaskTestApplication.Flaky flaky = app.getBean(TaskTestApplication.Flaky.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			assertThat(flaky.succeedsOnThird()).isEqualTo("done");
		}
		finally {
			parent.end();
		}
		Span call = awaitChild(parent, "Flaky.succeedsOnThird");
		assertThat(call.getStatus().getCode()).isNotEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(call.getAttributesList(), "retry.attempts")).isEqualTo("3");
		List<Span> attempts = awaitChildren(call, "Flaky.succeedsOnThird attempt", 3);
		assertThat(attempts).extracting((span) -> attribute(span.getAttributesList(), "retry.attempt"))
			.containsExactly("1", "2", "3");
		assertThat(attempts).extracting((span) -> attribute(span.getAttributesList(), "retry.outcome"))
			.containsExactly("failure", "failure", "success");
		assertThat(attempts.get(0).getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(attempts.get(0).getAttributesList(), "error.type"))
			.isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void finalFailureOfARetriedCallIsRecordedOnTheCallSpan() {
		TaskTestApplication.Flaky flaky = app.getBean(TaskTestApplication.Flaky.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			assertThatThrownBy(flaky::alwaysFails).isInstanceOf(UnsupportedOperationException.class);
		}
		finally {
			parent.end();
		}
		Span call = awaitChild(parent, "Flaky.alwaysFails");
		assertThat(call.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(call.getAttributesList(), "error.type"))
			.isEqualTo("java.lang.UnsupportedOperationException");
		assertThat(awaitChildren(call, "Flaky.alwaysFails attempt", 2))
			.extracting((span) -> attribute(span.getAttributesList(), "retry.outcome"))
			.containsExactly("failure", "failure");
	}

	@Test
	void withSpanMethodGetsASpanNamedAfterClassAndMethod() {
		TaskTestApplication.Annotated annotated = app.getBean(TaskTestApplication.Annotated.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			assertThat(annotated.plain()).isEqualTo("plain");
		}
		finally {
			parent.end();
		}
		Span span = awaitChild(parent, "Annotated.plain");
		assertThat(span.getKind()).isEqualTo(SpanKind.SPAN_KIND_INTERNAL);
	}

	@Test
	void withSpanNameKindAndSpanAttributesAreApplied() {
		TaskTestApplication.Annotated annotated = app.getBean(TaskTestApplication.Annotated.class);
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			assertThat(annotated.price("item-7", 21, "secret")).isEqualTo(42);
		}
		finally {
			parent.end();
		}
		Span span = awaitChild(parent, "price lookup");
		assertThat(span.getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
		assertThat(attribute(span.getAttributesList(), "item.id")).isEqualTo("item-7");
		assertThat(attribute(span.getAttributesList(), "quantity")).isEqualTo("21");
		assertThat(span.getAttributesList()).noneSatisfy(
				(keyValue) -> assertThat(keyValue.getValue().getStringValue()).isEqualTo("secret"));
	}

	@Test
	void withSpanOnAFutureEndsWhenTheFutureCompletes() {
		TaskTestApplication.Annotated annotated = app.getBean(TaskTestApplication.Annotated.class);
		CompletableFuture<String> result = new CompletableFuture<>();
		io.opentelemetry.api.trace.Span parent = startParent();
		try (Scope scope = parent.makeCurrent()) {
			assertThat(annotated.later(result)).isSameAs(result);
		}
		finally {
			parent.end();
		}
		awaitSpan((span) -> span.getName().equals("test-parent")
				&& hex(span.getSpanId().toByteArray()).equals(parent.getSpanContext().getSpanId()));
		assertThat(childrenOf(parent, "Annotated.later")).isEmpty();
		result.completeExceptionally(new IllegalStateException("late failure"));
		Span span = awaitChild(parent, "Annotated.later");
		assertThat(attribute(span.getAttributesList(), "error.type")).isEqualTo("java.lang.IllegalStateException");
		assertThat(span.getEndTimeUnixNano()).isGreaterThan(span.getStartTimeUnixNano());
	}

	private static io.opentelemetry.api.trace.Span startParent() {
		return app.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("test-parent").startSpan();
	}

	private static String currentTraceId() {
		return io.opentelemetry.api.trace.Span.current().getSpanContext().getTraceId();
	}

	private static Span awaitSpan(Predicate<Span> match) {
		return await().atMost(WAIT)
			.until(() -> receiver.spans().stream().filter(match).findFirst().orElse(null), Objects::nonNull);
	}

	private static Span awaitChild(io.opentelemetry.api.trace.Span parent, String name) {
		return awaitChildren(parent.getSpanContext().getTraceId(), parent.getSpanContext().getSpanId(), name, 1).get(0);
	}

	private static List<Span> awaitChildren(Span parent, String name, int count) {
		return awaitChildren(hex(parent.getTraceId().toByteArray()), hex(parent.getSpanId().toByteArray()), name,
				count);
	}

	private static List<Span> awaitChildren(String traceId, String parentSpanId, String name, int count) {
		return await().atMost(WAIT).until(() -> children(traceId, parentSpanId, name), (found) -> found.size() >= count);
	}

	private static List<Span> childrenOf(io.opentelemetry.api.trace.Span parent, String name) {
		return children(parent.getSpanContext().getTraceId(), parent.getSpanContext().getSpanId(), name);
	}

	private static List<Span> children(String traceId, String parentSpanId, String name) {
		return receiver.spans()
			.stream()
			.filter((span) -> span.getName().equals(name) && hex(span.getTraceId().toByteArray()).equals(traceId)
					&& hex(span.getParentSpanId().toByteArray()).equals(parentSpanId))
			.sorted(Comparator.comparingLong(Span::getStartTimeUnixNano))
			.toList();
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
