package dev.openframe.telemetry.kafka.internal;

import org.apache.kafka.clients.producer.Producer;

import org.springframework.kafka.core.ProducerPostProcessor;

/**
 * Wraps each producer of one factory in a {@link TracingProducer}. Remembers whether the factory's
 * records may carry the session id, so that a factory copied with other bootstrap servers (a
 * {@code KafkaTemplate} with configuration overrides copies the post-processors too) can be told
 * apart and given its own.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class TracingProducerPostProcessor<K, V> implements ProducerPostProcessor<K, V> {

	private final KafkaTelemetry telemetry;

	private final boolean propagateSession;

	TracingProducerPostProcessor(KafkaTelemetry telemetry, boolean propagateSession) {
		this.telemetry = telemetry;
		this.propagateSession = propagateSession;
	}

	@Override
	public Producer<K, V> apply(Producer<K, V> producer) {
		return TracingProducer.wrap(producer, this.telemetry, this.propagateSession);
	}

	boolean propagateSession() {
		return this.propagateSession;
	}

}
