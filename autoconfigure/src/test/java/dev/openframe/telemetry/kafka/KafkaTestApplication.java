package dev.openframe.telemetry.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Listeners for each shape of delivery the Kafka instrumentation must handle: a listener that
 * sends on, one that always fails (retried, then dead-lettered), a dead-letter listener, a batch
 * listener and one that gets hostile headers. Each records what it saw for the tests.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
class KafkaTestApplication {

	static final int ATTEMPTS = 3;

	static final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

	/** What a listener saw: its topic, the record's value and headers, and the MDC while it ran. */
	record Seen(String topic, String value, Map<String, String> headers, Map<String, String> mdc) {
	}

	@Bean
	CommonErrorHandler errorHandler(KafkaTemplate<Object, Object> template) {
		// Two redeliveries without pause, then the dead-letter topic 'payments-dlt'.
		return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(0, ATTEMPTS - 1));
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> batchFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumerFactory) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumerFactory);
		factory.setBatchListener(true);
		return factory;
	}

	@Bean
	Listeners listeners(KafkaTemplate<Object, Object> template) {
		return new Listeners(template);
	}

	static class Listeners {

		private static final Logger logger = LoggerFactory.getLogger("test.kafka.listener");

		private final KafkaTemplate<Object, Object> template;

		Listeners(KafkaTemplate<Object, Object> template) {
			this.template = template;
		}

		@KafkaListener(topics = "orders", groupId = "orders-group")
		void orders(ConsumerRecord<String, String> record) throws Exception {
			logger.info("processing order {}", record.value());
			see(record);
			// Sends on from the listener: the next record must carry the baggage and session on.
			this.template.send("orders-next", record.value()).get();
		}

		@KafkaListener(topics = "orders-next", groupId = "orders-next-group")
		void ordersNext(ConsumerRecord<String, String> record) {
			see(record);
		}

		@KafkaListener(topics = "payments", groupId = "payments-group")
		void payments(ConsumerRecord<String, String> record) {
			logger.info("payment attempt for {}", record.value());
			see(record);
			throw new IllegalStateException("payment refused");
		}

		@KafkaListener(topics = "payments-dlt", groupId = "payments-dlt-group")
		void paymentsDeadLetters(ConsumerRecord<String, String> record) {
			logger.info("dead letter {}", record.value());
			see(record);
		}

		@KafkaListener(topics = "batch", groupId = "batch-group", containerFactory = "batchFactory")
		void batch(List<ConsumerRecord<String, String>> records) {
			for (ConsumerRecord<String, String> record : records) {
				see(record);
			}
		}

		@KafkaListener(topics = "hostile", groupId = "hostile-group")
		void hostile(ConsumerRecord<String, String> record) {
			logger.info("hostile record {}", record.value());
			see(record);
		}

		private static void see(ConsumerRecord<String, String> record) {
			Map<String, String> headers = new java.util.LinkedHashMap<>();
			for (Header header : record.headers()) {
				if (header.value() != null) {
					headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
				}
			}
			Map<String, String> mdc = MDC.getCopyOfContextMap();
			seen.add(new Seen(record.topic(), record.value(), headers, (mdc != null) ? mdc : Map.of()));
		}

	}

}
