package dev.openframe.telemetry.tasks.internal;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.CodeAttributes;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Gives every run of a {@code @Scheduled} method a root span {@code {SimpleClassName}.{method}}
 * (kind INTERNAL), current while the method runs, so that its log lines carry its ids and what it
 * calls are its children. It listens to Spring Framework's own {@code tasks.scheduled.execution}
 * observation, which Spring Boot also turns into the timer of the same name: one instrumentation
 * point, a span and a metric.
 */
public final class ScheduledTaskSpans implements ObservationHandler<ScheduledTaskObservationContext> {

	private final Supplier<Tracer> tracer;

	/**
	 * Creates the handler.
	 * @param tracer makes the spans, asked for at the first run
	 */
	public ScheduledTaskSpans(Supplier<Tracer> tracer) {
		this.tracer = tracer;
	}

	@Override
	public void onStart(ScheduledTaskObservationContext context) {
		Span span = this.tracer.get()
			.spanBuilder(TracedMethod.defaultSpanName(context.getTargetClass(), context.getMethod()))
			.setNoParent()
			.setSpanKind(SpanKind.INTERNAL)
			.setAttribute(CodeAttributes.CODE_FUNCTION_NAME,
					TracedMethod.functionName(context.getTargetClass(), context.getMethod()))
			.startSpan();
		context.put(Run.class, new Run(span));
	}

	@Override
	public void onScopeOpened(ScheduledTaskObservationContext context) {
		Run run = context.get(Run.class);
		if (run != null) {
			run.scope = Context.root().with(run.span).makeCurrent();
		}
	}

	@Override
	public void onScopeClosed(ScheduledTaskObservationContext context) {
		Run run = context.get(Run.class);
		if (run != null && run.scope != null) {
			run.scope.close();
			run.scope = null;
		}
	}

	@Override
	public void onStop(ScheduledTaskObservationContext context) {
		Run run = context.get(Run.class);
		if (run != null) {
			SpanEnd.end(run.span, context.getError());
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ScheduledTaskObservationContext;
	}

	/** The span of one run and its scope while the method runs. */
	private static final class Run {

		final Span span;

		@Nullable Scope scope;

		Run(Span span) {
			this.span = span;
		}

	}

}
