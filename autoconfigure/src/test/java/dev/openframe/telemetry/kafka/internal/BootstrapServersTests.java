package dev.openframe.telemetry.kafka.internal;

import java.util.List;
import java.util.Map;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BootstrapServers}: which producers' records may carry the session id.
 */
class BootstrapServersTests {

	private final SessionPropagationHosts defaults = SessionPropagationHosts.defaults();

	@Test
	void internalBrokersGetTheSessionIdByDefault() {
		assertThat(BootstrapServers.allAllowed("localhost:9092", this.defaults)).isTrue();
		assertThat(BootstrapServers.allAllowed("127.0.0.1:9092, 10.0.3.7:9093,192.168.1.2:9092", this.defaults))
			.isTrue();
		assertThat(BootstrapServers.allAllowed("[::1]:9092", this.defaults)).isTrue();
		assertThat(BootstrapServers.allAllowed("kafka:9092", this.defaults)).isTrue();
		assertThat(BootstrapServers.allAllowed(List.of("kafka-0.kafka.svc.cluster.local:9092",
				"kafka-1.kafka.svc.cluster.local:9092"), this.defaults)).isTrue();
	}

	@Test
	void publicBrokersDoNotGetTheSessionIdByDefault() {
		assertThat(BootstrapServers.allAllowed("b-1.orders.kafka.eu-west-1.amazonaws.com:9092", this.defaults))
			.isFalse();
		assertThat(BootstrapServers.allAllowed("8.8.8.8:9092", this.defaults)).isFalse();
		assertThat(BootstrapServers.allAllowed("SASL_SSL://pkc-4r087.europe-west1.gcp.confluent.cloud:9092",
				this.defaults)).isFalse();
	}

	@Test
	void oneDisallowedBrokerDecidesForTheWholeProducer() {
		// A record goes to whichever broker leads its partition: every one must be allowed.
		assertThat(BootstrapServers.allAllowed("localhost:9092,broker.example.com:9092", this.defaults)).isFalse();
		assertThat(BootstrapServers.allAllowed(List.of("10.0.0.1:9092", "broker.example.com:9092"), this.defaults))
			.isFalse();
	}

	@Test
	void missingOrUnreadableServersDoNotGetTheSessionId() {
		assertThat(BootstrapServers.allAllowed(null, this.defaults)).isFalse();
		assertThat(BootstrapServers.allAllowed("", this.defaults)).isFalse();
		assertThat(BootstrapServers.allAllowed("no-port", this.defaults)).isFalse();
		ProducerFactory<String, String> opaque = () -> {
			throw new IllegalStateException("never asked for a producer");
		};
		assertThat(BootstrapServers.allowSession(opaque, this.defaults)).isFalse();
	}

	@Test
	void producerFactoryIsDecidedByItsConfiguredServersAndTheConfiguredHosts() {
		ProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka.internal:9092"), new StringSerializer(),
				new StringSerializer());
		assertThat(BootstrapServers.allowSession(factory, this.defaults)).isTrue();
		assertThat(BootstrapServers.allowSession(factory, SessionPropagationHosts.of(List.of("*.svc")))).isFalse();
		assertThat(BootstrapServers.allowSession(factory, SessionPropagationHosts.of(List.of()))).isFalse();
	}

}
