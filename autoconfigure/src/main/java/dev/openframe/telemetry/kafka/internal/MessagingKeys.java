package dev.openframe.telemetry.kafka.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute, tag and header names of the Kafka instrumentation (OpenTelemetry messaging semantic
 * conventions where they name the thing, ours where they do not).
 */
final class MessagingKeys {

	static final String KAFKA = "kafka";

	static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");

	static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");

	static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");

	static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");

	static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");

	static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");

	static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");

	static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");

	/** Spring Kafka's delivery attempt (1 for the first delivery); no semantic convention exists. */
	static final AttributeKey<Long> DELIVERY_ATTEMPT = AttributeKey.longKey("messaging.kafka.delivery_attempt");

	static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

	/** Spring Kafka's delivery attempt header, a 4-byte big-endian int. */
	static final String DELIVERY_ATTEMPT_HEADER = "kafka_deliveryAttempt";

	private MessagingKeys() {
	}

}
