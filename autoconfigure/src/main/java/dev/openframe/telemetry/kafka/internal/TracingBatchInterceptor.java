package dev.openframe.telemetry.kafka.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Opens one CONSUMER span {@code process {topic}} around each batch a listener handles. The
 * records come from many traces, so the span starts a trace of its own and links each record's
 * producer span (OpenTelemetry's messaging conventions for batch receives).
 */
final class TracingBatchInterceptor implements BatchInterceptor<Object, Object> {

	private final ThreadLocal<@Nullable Delivery> current = new ThreadLocal<>();

	private final KafkaTelemetry telemetry;

	TracingBatchInterceptor(KafkaTelemetry telemetry) {
		this.telemetry = telemetry;
	}

	@Override
	public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
			Consumer<Object, Object> consumer) {
		close();
		String topic = topic(records);
		SpanBuilder builder = this.telemetry.tracer()
			.spanBuilder((topic != null) ? "process " + topic : "process")
			.setSpanKind(SpanKind.CONSUMER)
			.setNoParent()
			.setAttribute(MessagingKeys.SYSTEM, MessagingKeys.KAFKA)
			.setAttribute(MessagingKeys.OPERATION_TYPE, "process")
			.setAttribute(MessagingKeys.OPERATION_NAME, "process")
			.setAttribute(MessagingKeys.BATCH_COUNT, (long) records.count());
		if (topic != null) {
			builder.setAttribute(MessagingKeys.DESTINATION, topic);
		}
		String group = Delivery.groupId(consumer);
		if (group != null) {
			builder.setAttribute(MessagingKeys.CONSUMER_GROUP, group);
		}
		for (ConsumerRecord<Object, Object> record : records) {
			SpanContext producer = Span.fromContext(this.telemetry.extract(record.headers())).getSpanContext();
			if (producer.isValid()) {
				builder.addLink(producer);
			}
		}
		Span span = builder.startSpan();
		this.current.set(new Delivery(span, Context.root().with(span)));
		return records;
	}

	@Override
	public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
		finish(records, consumer, null);
	}

	@Override
	public void failure(ConsumerRecords<Object, Object> records, Exception exception,
			Consumer<Object, Object> consumer) {
		finish(records, consumer, exception);
	}

	@Override
	public void clearThreadState(Consumer<?, ?> consumer) {
		close();
	}

	private void finish(ConsumerRecords<?, ?> records, Consumer<?, ?> consumer, @Nullable Exception failure) {
		Delivery delivery = this.current.get();
		if (delivery == null) {
			return;
		}
		this.current.remove();
		long nanos = delivery.end(failure);
		delivery.close();
		String topic = topic(records);
		this.telemetry.metrics()
			.processed((topic != null) ? topic : "_OTHER", Delivery.groupId(consumer),
					(failure != null) ? MessagingMetrics.FAILURE : MessagingMetrics.SUCCESS, records.count(), nanos);
	}

	private void close() {
		Delivery delivery = this.current.get();
		if (delivery != null) {
			this.current.remove();
			delivery.end(null);
			delivery.close();
		}
	}

	/** The batch's topic, or {@code null} when it mixes topics. */
	private static @Nullable String topic(ConsumerRecords<?, ?> records) {
		String topic = null;
		for (var partition : records.partitions()) {
			if (topic != null && !topic.equals(partition.topic())) {
				return null;
			}
			topic = partition.topic();
		}
		return topic;
	}

}
