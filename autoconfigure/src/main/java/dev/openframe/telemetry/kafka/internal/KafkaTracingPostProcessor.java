package dev.openframe.telemetry.kafka.internal;

import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.config.AbstractKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.core.ProducerPostProcessor;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Instruments every Kafka producer factory and listener container factory in the context,
 * Spring Boot's and the application's own: producers get the tracing wrapper (a template's own
 * copy of its factory gets one decided for the copy's bootstrap servers); listener
 * factories get the tracing interceptors ahead of any interceptor they already have (so those log
 * with the ids), and turn on Spring Kafka's delivery attempt header so each attempt is numbered.
 */
public final class KafkaTracingPostProcessor implements BeanPostProcessor {

	private final Supplier<KafkaTelemetry> telemetry;

	public KafkaTracingPostProcessor(Supplier<KafkaTelemetry> telemetry) {
		this.telemetry = SingletonSupplier.of(telemetry);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ProducerFactory<?, ?> producerFactory) {
			instrument(producerFactory);
		}
		else if (bean instanceof KafkaTemplate<?, ?> template) {
			// Its own copy of the factory, when it has configuration overrides, may name other brokers.
			instrument(template.getProducerFactory());
		}
		else if (bean instanceof AbstractKafkaListenerContainerFactory<?, ?, ?> containerFactory) {
			instrument(containerFactory);
		}
		return bean;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void instrument(ProducerFactory producerFactory) {
		KafkaTelemetry kafka = this.telemetry.get();
		try {
			for (Object existing : List.copyOf(producerFactory.getPostProcessors())) {
				ProducerPostProcessor postProcessor = (ProducerPostProcessor) existing;
				if (kafka.isProducerPostProcessorFor(postProcessor, producerFactory)) {
					return;
				}
				if (KafkaTelemetry.isProducerPostProcessor(postProcessor)) {
					// Copied from the factory it was made for, whose brokers may differ.
					producerFactory.removePostProcessor(postProcessor);
				}
			}
			producerFactory.addPostProcessor(kafka.producerPostProcessor(producerFactory));
		}
		catch (UnsupportedOperationException ex) {
			// A factory that cannot take post-processors (a user's own implementation) stays as it is.
		}
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void instrument(AbstractKafkaListenerContainerFactory factory) {
		KafkaTelemetry kafka = this.telemetry.get();
		RecordInterceptor<Object, Object> existingRecord = factory.getRecordInterceptor();
		factory.setRecordInterceptor((existingRecord != null)
				? new CompositeRecordInterceptor<>(kafka.recordInterceptor(), existingRecord)
				: kafka.recordInterceptor());
		BatchInterceptor<Object, Object> existingBatch = factory.getBatchInterceptor();
		factory.setBatchInterceptor((existingBatch != null)
				? new CompositeBatchInterceptor<>(kafka.batchInterceptor(), existingBatch)
				: kafka.batchInterceptor());
		factory.getContainerProperties().setDeliveryAttemptHeader(true);
	}

}
