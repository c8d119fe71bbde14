package dev.openframe.telemetry.autoconfigure.otel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.otel.internal.TelemetryContextTaskDecorator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.task.AsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's application task executor runs tasks in the submitter's trace and MDC.
 */
class TelemetryTaskExecutionAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(TelemetryTaskExecutionAutoConfiguration.class, TaskExecutionAutoConfiguration.class));

	@Test
	void applicationTaskExecutorCarriesSpanAndMdc() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TelemetryContextTaskDecorator.class);
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			SpanContext spanContext = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
					TraceFlags.getSampled(), TraceState.getDefault());
			MDC.put("session_id", "session-1");
			try (Scope scope = Span.wrap(spanContext).makeCurrent()) {
				String seen = CompletableFuture
					.supplyAsync(() -> Span.current().getSpanContext().getTraceId() + "/" + MDC.get("session_id"),
							executor)
					.get(5, TimeUnit.SECONDS);
				assertThat(seen).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736/session-1");
			}
			finally {
				MDC.clear();
			}
			String afterwards = CompletableFuture.supplyAsync(() -> String.valueOf(MDC.get("session_id")), executor)
				.get(5, TimeUnit.SECONDS);
			assertThat(afterwards).isEqualTo("null");
		});
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TelemetryContextTaskDecorator.class));
	}

}
