package dev.openframe.telemetry.autoconfigure.kafka;

import java.util.Map;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.kafka.internal.KafkaTracingPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CompositeRecordInterceptor;
import org.springframework.kafka.listener.RecordInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of the Kafka auto-configuration, and what it does to the Kafka factories.
 */
class KafkaTelemetryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, KafkaTelemetryAutoConfiguration.class))
		.withBean("producerFactory", DefaultKafkaProducerFactory.class, () -> new DefaultKafkaProducerFactory<>(Map.of()))
		.withBean("listenerFactory", ConcurrentKafkaListenerContainerFactory.class,
				ConcurrentKafkaListenerContainerFactory::new);

	@Test
	void instrumentsProducerAndListenerContainerFactories() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(KafkaTracingPostProcessor.class);
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getPostProcessors()).hasSize(1);
			ConcurrentKafkaListenerContainerFactory<?, ?> factory = context
				.getBean(ConcurrentKafkaListenerContainerFactory.class);
			assertThat(factory.getRecordInterceptor()).isNotNull();
			assertThat(factory.getBatchInterceptor()).isNotNull();
			assertThat(factory.getContainerProperties().isDeliveryAttemptHeader()).isTrue();
		});
	}

	@Test
	void keepsTheApplicationsOwnRecordInterceptor() {
		RecordInterceptor<Object, Object> own = (record, consumer) -> record;
		this.runner.withBean("ownInterceptorFactory", ConcurrentKafkaListenerContainerFactory.class, () -> {
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
			factory.setRecordInterceptor(own);
			return factory;
		}).run((context) -> {
			var factory = context.getBean("ownInterceptorFactory", ConcurrentKafkaListenerContainerFactory.class);
			assertThat(factory.getRecordInterceptor()).isInstanceOf(CompositeRecordInterceptor.class);
		});
	}

	@Test
	void invalidSessionHostPatternStopsStartUp() {
		this.runner.withPropertyValues("openframe.telemetry.http.client.propagate-session-to=localhost,bad host!")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidTelemetryPropertyException.class)
				.hasMessageContaining("'openframe.telemetry.http.client.propagate-session-to'")
				.hasMessageContaining("'bad host!'"));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("openframe.telemetry.kafka.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaTracingPostProcessor.class);
			assertThat(context.getBean(DefaultKafkaProducerFactory.class).getPostProcessors()).isEmpty();
			assertThat(context.getBean(ConcurrentKafkaListenerContainerFactory.class).getRecordInterceptor()).isNull();
		});
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTracingPostProcessor.class));
	}

	@Test
	void backsOffWhenSpringKafkaIsMissing() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, KafkaTelemetryAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaTracingPostProcessor.class));
	}

}
