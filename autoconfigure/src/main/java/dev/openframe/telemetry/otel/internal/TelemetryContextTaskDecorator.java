package dev.openframe.telemetry.otel.internal;

import java.util.Map;

import dev.openframe.telemetry.tasks.internal.AsyncHandoff;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

import org.springframework.core.task.TaskDecorator;

/**
 * Carries the submitting thread's OpenTelemetry context (current span, baggage) and SLF4J MDC
 * (session and trace ids) into tasks run by Spring's task executors, so that work done on
 * another thread, such as a {@code CompletableFuture} of a controller, stays in the request's
 * trace and logs with its ids.
 */
public final class TelemetryContextTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable task) {
		// Marked, so that an @EventListener the task runs knows it was handed off to an executor.
		Context context = AsyncHandoff.handedOff(Context.current());
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		return () -> {
			Map<String, String> previous = MDC.getCopyOfContextMap();
			setMdc(mdc);
			try (Scope scope = context.makeCurrent()) {
				task.run();
			}
			finally {
				setMdc(previous);
			}
		};
	}

	private static void setMdc(Map<String, String> values) {
		if (values != null) {
			MDC.setContextMap(values);
		}
		else {
			MDC.clear();
		}
	}

}
