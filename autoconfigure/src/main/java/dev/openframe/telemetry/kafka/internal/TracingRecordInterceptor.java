package dev.openframe.telemetry.kafka.internal;

import java.nio.ByteBuffer;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Opens a CONSUMER span {@code process {topic}} around each delivery of a record to a listener,
 * child of the producer's span, with the record's session id and trace ids in the MDC.
 * <p>
 * Spring Kafka calls {@code intercept}, then the listener, then {@code success} or
 * {@code failure}, then its error handler, then {@code afterRecord}, all on the consumer thread.
 * The span ends at {@code success}/{@code failure} (the listener's time), but its context stays
 * current until {@code afterRecord}: a dead-letter record the error handler publishes is then a
 * child of the failed attempt, and the error handler's log lines carry its ids. A redelivery
 * after a failure is a new call, so each attempt is its own span.
 */
final class TracingRecordInterceptor implements RecordInterceptor<Object, Object> {

	private final ThreadLocal<@Nullable Delivery> current = new ThreadLocal<>();

	private final KafkaTelemetry telemetry;

	TracingRecordInterceptor(KafkaTelemetry telemetry) {
		this.telemetry = telemetry;
	}

	@Override
	public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
			Consumer<Object, Object> consumer) {
		close();
		Context context = this.telemetry.extract(record.headers());
		Span span = null;
		if (this.telemetry.tracedByObservation(KafkaRecordReceiverContext.class)) {
			// Spring Kafka's observation made the span (current now): keep it, add the baggage.
			context = Context.current().with(io.opentelemetry.api.baggage.Baggage.fromContext(context));
		}
		else {
			span = startSpan(record, consumer, context);
			context = context.with(span);
		}
		this.current.set(new Delivery(span, context));
		return record;
	}

	private Span startSpan(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Context parent) {
		SpanBuilder builder = this.telemetry.tracer()
			.spanBuilder("process " + record.topic())
			.setSpanKind(SpanKind.CONSUMER)
			.setParent(parent)
			.setAttribute(MessagingKeys.SYSTEM, MessagingKeys.KAFKA)
			.setAttribute(MessagingKeys.DESTINATION, record.topic())
			.setAttribute(MessagingKeys.OPERATION_TYPE, "process")
			.setAttribute(MessagingKeys.OPERATION_NAME, "process")
			.setAttribute(MessagingKeys.PARTITION, String.valueOf(record.partition()))
			.setAttribute(MessagingKeys.OFFSET, record.offset())
			.setAttribute(MessagingKeys.DELIVERY_ATTEMPT, deliveryAttempt(record));
		String group = Delivery.groupId(consumer);
		if (group != null) {
			builder.setAttribute(MessagingKeys.CONSUMER_GROUP, group);
		}
		String sessionId = KafkaTelemetry.sessionId(parent);
		if (sessionId != null) {
			builder.setAttribute(MessagingKeys.SESSION_ID, sessionId);
		}
		return builder.startSpan();
	}

	@Override
	public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		finish(record, consumer, null);
	}

	@Override
	public void failure(ConsumerRecord<Object, Object> record, Exception exception,
			Consumer<Object, Object> consumer) {
		finish(record, consumer, exception);
	}

	@Override
	public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
		close();
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		close();
	}

	private void finish(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, @Nullable Exception failure) {
		Delivery delivery = this.current.get();
		if (delivery == null || delivery.ended()) {
			return;
		}
		long nanos = delivery.end(failure);
		this.telemetry.metrics()
			.processed(record.topic(), Delivery.groupId(consumer),
					(failure != null) ? MessagingMetrics.FAILURE : MessagingMetrics.SUCCESS, 1, nanos);
	}

	private void close() {
		Delivery delivery = this.current.get();
		if (delivery != null) {
			this.current.remove();
			delivery.end(null);
			delivery.close();
		}
	}

	/** Spring Kafka's delivery attempt header (1 when absent: the first delivery). */
	static long deliveryAttempt(ConsumerRecord<?, ?> record) {
		Header header = record.headers().lastHeader(MessagingKeys.DELIVERY_ATTEMPT_HEADER);
		if (header != null && header.value() != null && header.value().length == Integer.BYTES) {
			return ByteBuffer.wrap(header.value()).getInt();
		}
		return 1;
	}

}
