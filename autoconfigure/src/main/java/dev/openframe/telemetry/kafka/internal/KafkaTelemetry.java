package dev.openframe.telemetry.kafka.internal;

import java.util.function.Supplier;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import dev.openframe.telemetry.web.internal.SessionIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Entry point of the Kafka instrumentation: makes the producer wrapper and the listener
 * interceptors, which share the tracer, the propagators, the session header and the metrics.
 * Collaborators are resolved on first use, so that building this while post-processing the
 * Kafka factories initialises nothing early.
 */
public final class KafkaTelemetry {

	static final String INSTRUMENTATION_NAME = "dev.openframe.telemetry.kafka";

	/** Baggage key of the session id, as the servlet filter writes it. */
	static final String SESSION_BAGGAGE = "session.id";

	/** Micrometer Tracing's key in an observation context: present once a tracing handler made a span. */
	private static final @Nullable Class<?> TRACING_CONTEXT = tracingContextType();

	private final Supplier<OpenTelemetry> openTelemetry;

	private final Supplier<Tracer> tracer;

	private final Supplier<@Nullable ObservationRegistry> observations;

	private final String sessionHeader;

	private final MessagingMetrics metrics;

	private final SessionPropagationHosts sessionHosts;

	/**
	 * Creates the instrumentation.
	 * @param openTelemetry supplies OpenTelemetry, on first use
	 * @param sessionHeader name of the session header records carry
	 * @param sessionHosts hosts the session id may go to: a producer's records carry it only when
	 * every one of its bootstrap servers is one
	 * @param meterRegistry supplies the registry of the messaging metrics, or {@code null} for none
	 * @param observations supplies the observation registry, or {@code null} when there is none
	 */
	public KafkaTelemetry(Supplier<OpenTelemetry> openTelemetry, String sessionHeader,
			SessionPropagationHosts sessionHosts, Supplier<@Nullable MeterRegistry> meterRegistry,
			Supplier<@Nullable ObservationRegistry> observations) {
		this.openTelemetry = SingletonSupplier.of(openTelemetry);
		this.tracer = SingletonSupplier.of(() -> this.openTelemetry.get().getTracer(INSTRUMENTATION_NAME));
		this.observations = observations;
		this.sessionHeader = sessionHeader;
		this.sessionHosts = sessionHosts;
		this.metrics = new MessagingMetrics(SingletonSupplier.ofNullable(meterRegistry));
	}

	/**
	 * Returns the post-processor that wraps every producer of a factory.
	 * @param <K> the key type
	 * @param <V> the value type
	 * @param producerFactory the factory, whose bootstrap servers decide whether its records carry
	 * the session id
	 * @return the producer post-processor
	 */
	public <K, V> ProducerPostProcessor<K, V> producerPostProcessor(ProducerFactory<K, V> producerFactory) {
		return new TracingProducerPostProcessor<>(this,
				BootstrapServers.allowSession(producerFactory, this.sessionHosts));
	}

	/**
	 * Whether a producer post-processor is this instrumentation's and decided as a factory needs.
	 * @param postProcessor a post-processor of the factory
	 * @param producerFactory the factory
	 * @return {@code true} if it is one of {@link #producerPostProcessor}'s, right for the factory
	 */
	public boolean isProducerPostProcessorFor(ProducerPostProcessor<?, ?> postProcessor,
			ProducerFactory<?, ?> producerFactory) {
		return postProcessor instanceof TracingProducerPostProcessor<?, ?> tracing
				&& tracing.propagateSession() == BootstrapServers.allowSession(producerFactory, this.sessionHosts);
	}

	/**
	 * Whether a producer post-processor is this instrumentation's.
	 * @param postProcessor a post-processor
	 * @return {@code true} if {@link #producerPostProcessor} made it
	 */
	public static boolean isProducerPostProcessor(ProducerPostProcessor<?, ?> postProcessor) {
		return postProcessor instanceof TracingProducerPostProcessor<?, ?>;
	}

	/**
	 * Returns the interceptor that opens a CONSUMER span around each record a listener handles.
	 * @return the record interceptor
	 */
	public RecordInterceptor<Object, Object> recordInterceptor() {
		return new TracingRecordInterceptor(this);
	}

	/**
	 * Returns the interceptor that opens one CONSUMER span around each batch a listener handles.
	 * @return the batch interceptor
	 */
	public BatchInterceptor<Object, Object> batchInterceptor() {
		return new TracingBatchInterceptor(this);
	}

	Tracer tracer() {
		return this.tracer.get();
	}

	TextMapPropagator propagator() {
		return this.openTelemetry.get().getPropagators().getTextMapPropagator();
	}

	MessagingMetrics metrics() {
		return this.metrics;
	}

	String sessionHeader() {
		return this.sessionHeader;
	}

	/**
	 * Extracts the record's trace context and baggage, and makes the session id, if the record
	 * carries a valid one in its header or baggage, the baggage's {@code session.id}. Invalid
	 * values are dropped: they never reach the MDC, so they cannot forge log lines.
	 */
	Context extract(Headers headers) {
		Context context = propagator().extract(Context.root(), headers, KafkaHeaderAccess.INSTANCE);
		String fromHeader = KafkaHeaderAccess.lastValue(headers, this.sessionHeader);
		Baggage baggage = Baggage.fromContext(context);
		String fromBaggage = baggage.getEntryValue(SESSION_BAGGAGE);
		String sessionId = SessionIds.isValid(fromHeader) ? fromHeader
				: SessionIds.isValid(fromBaggage) ? fromBaggage : null;
		if (sessionId == null) {
			return (fromBaggage != null) ? context.with(baggage.toBuilder().remove(SESSION_BAGGAGE).build()) : context;
		}
		if (sessionId.equals(fromBaggage)) {
			return context;
		}
		return context.with(baggage.toBuilder().put(SESSION_BAGGAGE, sessionId).build());
	}

	/** The session id of a context made by {@link #extract}, or of the caller's context. */
	static @Nullable String sessionId(Context context) {
		String value = Baggage.fromContext(context).getEntryValue(SESSION_BAGGAGE);
		return SessionIds.isValid(value) ? value : null;
	}

	/**
	 * Whether Spring Kafka's own observation of this send or delivery is current and a Micrometer
	 * Tracing handler made a span for it: then that span is the one span, and ours backs off.
	 */
	boolean tracedByObservation(Class<? extends Observation.Context> contextType) {
		if (TRACING_CONTEXT == null) {
			return false;
		}
		ObservationRegistry registry = this.observations.get();
		Observation current = (registry != null) ? registry.getCurrentObservation() : null;
		if (current == null) {
			return false;
		}
		Observation.Context context = current.getContextView() instanceof Observation.Context c ? c : null;
		return contextType.isInstance(context) && context.containsKey(TRACING_CONTEXT);
	}

	private static @Nullable Class<?> tracingContextType() {
		String name = "io.micrometer.tracing.handler.TracingObservationHandler$TracingContext";
		ClassLoader classLoader = KafkaTelemetry.class.getClassLoader();
		return ClassUtils.isPresent(name, classLoader) ? ClassUtils.resolveClassName(name, classLoader) : null;
	}

}
