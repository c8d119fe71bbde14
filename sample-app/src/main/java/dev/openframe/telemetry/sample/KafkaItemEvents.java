package dev.openframe.telemetry.sample;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The 'kafka' profile: item events on Kafka. The starter traces every hop (send, each delivery
 * attempt, the dead-letter send and its delivery) in the trace of the {@code POST /items} request.
 */
@Configuration(proxyBeanMethods = false)
@Profile("kafka")
class KafkaItemEvents {

	static final String TOPIC = "item-events";

	static final String DEAD_LETTERS = TOPIC + "-dlt";

	private static final Logger logger = LoggerFactory.getLogger(KafkaItemEvents.class);

	@Bean
	NewTopic itemEventsTopic() {
		return new NewTopic(TOPIC, 1, (short) 1);
	}

	@Bean
	NewTopic itemEventsDeadLetterTopic() {
		return new NewTopic(DEAD_LETTERS, 1, (short) 1);
	}

	@Bean
	ItemEvents itemEvents(KafkaTemplate<Object, Object> template) {
		return (item) -> {
			ProducerRecord<Object, Object> record = new ProducerRecord<>(TOPIC, String.valueOf(item.id()),
					String.valueOf(item.id()));
			record.headers().add("event-type", ItemEvents.ITEM_CREATED.getBytes(StandardCharsets.UTF_8));
			try {
				// Waits for the broker so that the request's response means the event is stored.
				template.send(record).get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not publish " + ItemEvents.ITEM_CREATED + " for item " + item.id(),
						ex);
			}
		};
	}

	@Bean
	CommonErrorHandler itemEventsErrorHandler(KafkaTemplate<Object, Object> template) {
		// Two more attempts 200 ms apart, then the record goes to 'item-events-dlt'.
		return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(200, 2));
	}

	@Bean
	ItemEventsListener itemEventsListener(ItemRepository items) {
		return new ItemEventsListener(items);
	}

	/** Reads each created item back through the repository; a 'poison' item fails. */
	static class ItemEventsListener {

		private final ItemRepository items;

		ItemEventsListener(ItemRepository items) {
			this.items = items;
		}

		@KafkaListener(topics = TOPIC)
		void onItemEvent(String id, @Header(name = KafkaHeaders.DELIVERY_ATTEMPT, required = false) Integer attempt) {
			Item item = this.items.findById(Long.parseLong(id));
			logger.info("Item {} read back from {} (attempt {})", item.id(), TOPIC, attempt);
			if ("poison".equals(item.name())) {
				throw new IllegalStateException("Item " + item.id() + " is poison");
			}
		}

		@KafkaListener(topics = DEAD_LETTERS)
		void onDeadLetter(String id) {
			logger.warn("Item event {} gave up after retries: dead letter on {}", id, DEAD_LETTERS);
		}

	}

}
