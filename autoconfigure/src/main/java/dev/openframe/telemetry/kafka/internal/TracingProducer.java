package dev.openframe.telemetry.kafka.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;

/**
 * Wraps a Kafka {@link Producer} so that each {@code send} opens a PRODUCER span
 * {@code send {topic}}, writes the trace context, baggage and (when its brokers may have it) the
 * session header into the record, and ends the span with partition and offset (or the error) when
 * the broker answers. Every other method goes straight to the producer. A JDK proxy keeps the wrapper working whatever methods
 * later Kafka clients add to the interface.
 */
final class TracingProducer implements InvocationHandler {

	private static final Method SEND_WITH_CALLBACK = sendWithCallback();

	private final Producer<?, ?> delegate;

	private final KafkaTelemetry telemetry;

	private final boolean propagateSession;

	private TracingProducer(Producer<?, ?> delegate, KafkaTelemetry telemetry, boolean propagateSession) {
		this.delegate = delegate;
		this.telemetry = telemetry;
		this.propagateSession = propagateSession;
	}

	/**
	 * Wraps a producer.
	 * @param producer the producer
	 * @param telemetry the instrumentation
	 * @param propagateSession whether records carry the session id (header and baggage entry):
	 * only when every bootstrap server is a host the session id may go to
	 * @return the traced producer; the producer itself when it already is one
	 */
	@SuppressWarnings("unchecked")
	static <K, V> Producer<K, V> wrap(Producer<K, V> producer, KafkaTelemetry telemetry, boolean propagateSession) {
		if (Proxy.isProxyClass(producer.getClass()) && Proxy.getInvocationHandler(producer) instanceof TracingProducer) {
			return producer;
		}
		return (Producer<K, V>) Proxy.newProxyInstance(TracingProducer.class.getClassLoader(),
				new Class<?>[] { Producer.class }, new TracingProducer(producer, telemetry, propagateSession));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if ("send".equals(method.getName()) && args != null && args.length >= 1
				&& args[0] instanceof ProducerRecord<?, ?> record
				&& !this.telemetry.tracedByObservation(KafkaRecordSenderContext.class)) {
			return send(args, record);
		}
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "TracingProducer[" + this.delegate + "]";
				default -> invokeDelegate(method, args);
			};
		}
		return invokeDelegate(method, args);
	}

	private @Nullable Object send(Object[] args, ProducerRecord<?, ?> record) throws Throwable {
		String topic = record.topic();
		Context parent = Context.current();
		SpanBuilder builder = this.telemetry.tracer()
			.spanBuilder("send " + topic)
			.setSpanKind(SpanKind.PRODUCER)
			.setParent(parent)
			.setAttribute(MessagingKeys.SYSTEM, MessagingKeys.KAFKA)
			.setAttribute(MessagingKeys.DESTINATION, topic)
			.setAttribute(MessagingKeys.OPERATION_TYPE, "send")
			.setAttribute(MessagingKeys.OPERATION_NAME, "send");
		if (record.partition() != null) {
			builder.setAttribute(MessagingKeys.PARTITION, String.valueOf(record.partition()));
		}
		Span span = builder.startSpan();
		Context context = parent.with(span);
		try {
			inject(context, record.headers());
		}
		catch (IllegalStateException ex) {
			// Headers of a record already sent are read-only: send it as it is, still traced.
		}
		Callback callback = (args.length > 1 && args[1] instanceof Callback given) ? given : null;
		Callback traced = (metadata, exception) -> {
			end(span, topic, metadata, exception);
			if (callback != null) {
				callback.onCompletion(metadata, exception);
			}
		};
		try {
			// send(record) is send(record, null) in the Kafka client: both go through the callback form.
			return invokeDelegate(SEND_WITH_CALLBACK, new Object[] { record, traced });
		}
		catch (Throwable ex) {
			// The producer throws before the record is queued (serialisation, metadata timeout):
			// no callback will come.
			end(span, topic, null, ex);
			throw ex;
		}
	}

	private void inject(Context context, Headers headers) {
		if (!this.propagateSession) {
			// Trace context and other baggage entries go everywhere; the session id does not, nor
			// a session header copied from a consumed record (as the dead-letter recoverer does).
			this.telemetry.propagator()
				.inject(SessionPropagationHosts.withoutSessionId(context), headers, KafkaHeaderAccess.INSTANCE);
			headers.remove(this.telemetry.sessionHeader());
			return;
		}
		this.telemetry.propagator().inject(context, headers, KafkaHeaderAccess.INSTANCE);
		String sessionId = KafkaTelemetry.sessionId(context);
		if (sessionId != null) {
			String header = this.telemetry.sessionHeader();
			headers.remove(header);
			headers.add(header, sessionId.getBytes(StandardCharsets.UTF_8));
		}
	}

	private void end(Span span, String topic, @Nullable RecordMetadata metadata, @Nullable Throwable failure) {
		if (failure != null) {
			span.recordException(failure);
			span.setStatus(StatusCode.ERROR);
			span.setAttribute(MessagingKeys.ERROR_TYPE, failure.getClass().getName());
		}
		else if (metadata != null) {
			span.setAttribute(MessagingKeys.PARTITION, String.valueOf(metadata.partition()));
			if (metadata.hasOffset()) {
				span.setAttribute(MessagingKeys.OFFSET, metadata.offset());
			}
		}
		span.end();
		this.telemetry.metrics().sent(topic, (failure != null) ? MessagingMetrics.FAILURE : MessagingMetrics.SUCCESS);
	}

	private static Method sendWithCallback() {
		try {
			return Producer.class.getMethod("send", ProducerRecord.class, Callback.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private @Nullable Object invokeDelegate(Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(this.delegate, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
