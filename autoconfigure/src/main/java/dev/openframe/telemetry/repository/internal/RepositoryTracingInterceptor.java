package dev.openframe.telemetry.repository.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.openframe.telemetry.otel.internal.RedactedExceptions;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;

/**
 * Wraps each call of one repository in a span {@code repository.{adapter}.{method}} and the
 * timer {@code adapter.operation.duration}, and turns data-access failures into
 * {@link AdapterError}s. A failure is recorded on the span with its type and stack trace but
 * without the messages of its causes (see {@link RedactedExceptions}). Everything that depends
 * only on the method (span name, attributes, timers) is worked out on its first call and kept.
 */
public final class RepositoryTracingInterceptor implements MethodInterceptor {

	/** Name of the operation timer. */
	public static final String METER_NAME = "adapter.operation.duration";

	/** Span attribute holding the outcome. */
	public static final String OUTCOME_ATTRIBUTE = "adapter.outcome";

	private static final AttributeKey<String> OUTCOME_KEY = AttributeKey.stringKey(OUTCOME_ATTRIBUTE);

	/** OpenTelemetry's {@code error.type}: the exception's fully qualified class name. */
	private static final AttributeKey<String> ERROR_TYPE_KEY = AttributeKey.stringKey("error.type");

	private static final ContextKey<Call> CURRENT_CALL = ContextKey.named("openframe-repository-call");

	/** Outcome of failures that are not data-access failures (passed through unchanged). */
	static final String OTHER_ERROR = "error";

	private static final String SUCCESS = "success";

	/**
	 * Buckets of the duration histogram in seconds: OpenTelemetry's advice for database client
	 * operation durations, so that percentiles per adapter and operation can be queried.
	 */
	static final double[] DURATION_BUCKETS = { 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10 };

	private static final Duration[] SLOS = slos();

	private final String adapter;

	private final Supplier<@Nullable String> dbSystem;

	private final Supplier<Tracer> tracer;

	private final Supplier<@Nullable MeterRegistry> meterRegistry;

	private final Supplier<AdapterErrorTranslator> translator;

	private final Map<Method, Operation> operations = new ConcurrentHashMap<>();

	/**
	 * Creates an interceptor for one repository.
	 * @param adapter the adapter name, such as {@code item}
	 * @param dbSystem supplies the value of {@code db.system}, or {@code null} when unknown; asked once
	 * per method
	 * @param tracer supplies the tracer, on each call (make it cheap, such as a memoizing supplier)
	 * @param meterRegistry supplies the registry, or {@code null} for no metrics; asked until it answers
	 * @param translator supplies the failure mapping, when a call fails
	 */
	public RepositoryTracingInterceptor(String adapter, Supplier<@Nullable String> dbSystem, Supplier<Tracer> tracer,
			Supplier<@Nullable MeterRegistry> meterRegistry, Supplier<AdapterErrorTranslator> translator) {
		this.adapter = adapter;
		this.dbSystem = dbSystem;
		this.tracer = tracer;
		this.meterRegistry = meterRegistry;
		this.translator = translator;
	}

	/**
	 * The adapter name this interceptor reports.
	 * @return such as {@code item}
	 */
	public String adapter() {
		return this.adapter;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Operation operation = this.operations.get(method);
		if (operation == null) {
			operation = this.operations.computeIfAbsent(method, this::operation);
		}
		if (!operation.traced) {
			return invocation.proceed();
		}
		Context parent = Context.current();
		Object[] arguments = invocation.getArguments();
		Call current = parent.get(CURRENT_CALL);
		if (current != null && current.isSame(operation.name, arguments)) {
			// The call already traced, reaching the repository through another proxy (a Spring
			// Data fragment, a proxy around a traced proxy): one call, one span. A context key, as
			// OpenTelemetry's instrumentation suppresses nested duplicates; it costs one small
			// context and record per call, no thread-local left on pooled threads.
			return invocation.proceed();
		}
		Span span = this.tracer.get()
			.spanBuilder(operation.spanName)
			.setParent(parent)
			.setSpanKind(SpanKind.INTERNAL)
			.setAllAttributes(operation.attributes)
			.startSpan();
		long start = System.nanoTime();
		Object result;
		try (Scope scope = parent.with(span).with(CURRENT_CALL, new Call(operation.name, arguments)).makeCurrent()) {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			throw failed(operation, span, start, ex);
		}
		if (operation.async && result instanceof CompletableFuture<?> future) {
			return whenDone(operation, span, start, future);
		}
		end(operation, span, start, SUCCESS, 0);
		return result;
	}

	private CompletableFuture<Object> whenDone(Operation operation, Span span, long start,
			CompletableFuture<?> future) {
		CompletableFuture<Object> result = new CompletableFuture<>();
		future.whenComplete((value, failure) -> {
			if (failure == null) {
				end(operation, span, start, SUCCESS, 0);
				result.complete(value);
			}
			else {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				result.completeExceptionally(failed(operation, span, start, cause));
			}
		});
		return result;
	}

	private Throwable failed(Operation operation, Span span, long start, Throwable failure) {
		AdapterError error = this.translator.get().translate(failure, this.adapter, operation.name);
		Throwable thrown = (error != null) ? error : failure;
		if (error == null || error.kind() != AdapterErrorKind.NOT_FOUND) {
			span.setStatus(StatusCode.ERROR);
			span.setAttribute(ERROR_TYPE_KEY, thrown.getClass().getName());
			// Only our own message: a cause's quotes the failed statement and its values.
			RedactedExceptions.record(span, thrown, (error != null) ? error.getMessage() : null, Attributes.empty());
		}
		String outcome = (error != null) ? error.kind().outcome() : OTHER_ERROR;
		end(operation, span, start, outcome, (error != null) ? error.kind().ordinal() + 1 : Operation.OUTCOMES - 1);
		return thrown;
	}

	private void end(Operation operation, Span span, long start, String outcome, int outcomeIndex) {
		long duration = System.nanoTime() - start;
		span.setAttribute(OUTCOME_KEY, outcome);
		span.end();
		Timer timer = operation.timer(outcomeIndex, outcome, this.meterRegistry);
		if (timer != null) {
			timer.record(duration, TimeUnit.NANOSECONDS);
		}
	}

	private Operation operation(Method method) {
		if (AopUtils.isEqualsMethod(method) || AopUtils.isHashCodeMethod(method) || AopUtils.isToStringMethod(method)
				|| method.getDeclaringClass() == Object.class) {
			return Operation.UNTRACED;
		}
		AttributesBuilder attributes = Attributes.builder()
			.put("code.namespace", method.getDeclaringClass().getName())
			.put("code.function", method.getName());
		String system = this.dbSystem.get();
		if (system != null) {
			attributes.put("db.system", system);
		}
		Class<?> returnType = method.getReturnType();
		boolean async = returnType == CompletableFuture.class || returnType == CompletionStage.class;
		return new Operation(this.adapter, method.getName(), attributes.build(), async);
	}

	private static Duration[] slos() {
		Duration[] slos = new Duration[DURATION_BUCKETS.length];
		for (int i = 0; i < slos.length; i++) {
			slos[i] = Duration.ofNanos(Math.round(DURATION_BUCKETS[i] * 1_000_000_000L));
		}
		return slos;
	}

	/** The repository call being traced on this thread: the method's name and its arguments. */
	private record Call(String method, Object[] arguments) {

		boolean isSame(String otherMethod, Object[] otherArguments) {
			if (!this.method.equals(otherMethod) || this.arguments.length != otherArguments.length) {
				return false;
			}
			for (int i = 0; i < otherArguments.length; i++) {
				// The same objects handed on, not equal ones: another call with equal values is traced.
				if (this.arguments[i] != otherArguments[i]) {
					return false;
				}
			}
			return true;
		}

	}

	/** What is known of one repository method. */
	private static final class Operation {

		/** Success, each error kind, and other errors. */
		static final int OUTCOMES = AdapterErrorKind.values().length + 2;

		static final Operation UNTRACED = new Operation();

		final boolean traced;

		final String adapter;

		final String name;

		final String spanName;

		final Attributes attributes;

		final boolean async;

		private final @Nullable Timer[] timers = new Timer[OUTCOMES];

		private Operation() {
			this.traced = false;
			this.adapter = "";
			this.name = "";
			this.spanName = "";
			this.attributes = Attributes.empty();
			this.async = false;
		}

		Operation(String adapter, String name, Attributes attributes, boolean async) {
			this.traced = true;
			this.adapter = adapter;
			this.name = name;
			this.spanName = "repository." + adapter + "." + name;
			this.attributes = attributes;
			this.async = async;
		}

		@Nullable Timer timer(int index, String outcome, Supplier<@Nullable MeterRegistry> registry) {
			Timer timer = this.timers[index];
			if (timer == null) {
				MeterRegistry meterRegistry = registry.get();
				if (meterRegistry == null) {
					return null;
				}
				timer = Timer.builder(METER_NAME)
					.description("Duration of repository operations")
					.tags("adapter", this.adapter, "operation", this.name, "outcome", outcome)
					.serviceLevelObjectives(SLOS)
					.register(meterRegistry);
				this.timers[index] = timer;
			}
			return timer;
		}

	}

}
