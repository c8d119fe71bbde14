package dev.openframe.telemetry.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import dev.openframe.telemetry.kafka.internal.KafkaTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * The cost per Kafka record of the starter's instrumentation, without a broker. {@code send}: one
 * record through a producer whose {@code send} completes at once (Kafka's {@code MockProducer},
 * standing in for the broker), in the context of a request span with the session baggage;
 * {@code process}: one delivery through the record interceptor the starter gives every listener
 * container ({@code intercept}, {@code success}, {@code afterRecord}) for a record carrying
 * {@code traceparent}, {@code baggage} and the session header, the listener itself doing nothing.
 * Set-ups: {@code plain} (the producer alone; no interceptor: the uninstrumented baseline),
 * {@code traced} (span sampled to a real batch processor, metrics on a Prometheus registry) and
 * {@code sampledOut}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KafkaRecordBenchmark {

	private static final String TOPIC = "orders";

	@Param({ "plain", "traced", "sampledOut" })
	public String setup;

	private BenchmarkTelemetry telemetry;

	private MockProducer<String, String> mockProducer;

	private Producer<String, String> producer;

	private RecordInterceptor<Object, Object> interceptor;

	private Consumer<Object, Object> consumer;

	private ConsumerRecord<Object, Object> received;

	private Context requestContext;

	private int sent;

	@Setup(Level.Trial)
	public void setUp() {
		this.telemetry = new BenchmarkTelemetry(!this.setup.equals("sampledOut"));
		this.mockProducer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
		this.consumer = new MockConsumer<>("earliest");
		Span request = this.telemetry.openTelemetry().getTracer("benchmark").spanBuilder("GET /orders").startSpan();
		this.requestContext = Context.root()
			.with(request)
			.with(Baggage.builder().put("session.id", "7f3c2a9e-5b1d-4c8e-9a2f-1e6d3b4c5a7f").build());
		this.received = new ConsumerRecord<>(TOPIC, 0, 42L, "key", "value");
		this.received.headers()
			.add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8))
			.add("baggage", "session.id=7f3c2a9e-5b1d-4c8e-9a2f-1e6d3b4c5a7f".getBytes(StandardCharsets.UTF_8))
			.add("x-session-id", "7f3c2a9e-5b1d-4c8e-9a2f-1e6d3b4c5a7f".getBytes(StandardCharsets.UTF_8));
		if (this.setup.equals("plain")) {
			this.producer = this.mockProducer;
			return;
		}
		KafkaTelemetry kafka = new KafkaTelemetry(this.telemetry::openTelemetry, "x-session-id",
				SessionPropagationHosts.defaults(), () -> this.telemetry.registry, () -> null);
		// A local broker: records carry the session id, as they do to internal brokers.
		DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
		this.producer = kafka.producerPostProcessor(factory).apply(this.mockProducer);
		this.interceptor = kafka.recordInterceptor();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.telemetry.close();
	}

	@Benchmark
	public Future<RecordMetadata> send() {
		if ((++this.sent & 1023) == 0) {
			// The mock keeps what it sent; a real producer's buffer does not grow either.
			this.mockProducer.clear();
		}
		try (io.opentelemetry.context.Scope scope = this.requestContext.makeCurrent()) {
			return this.producer.send(new ProducerRecord<>(TOPIC, 0, "key", "value"));
		}
	}

	@Benchmark
	public Object process() {
		if (this.interceptor == null) {
			return this.received;
		}
		ConsumerRecord<Object, Object> record = this.interceptor.intercept(this.received, this.consumer);
		this.interceptor.success(record, this.consumer);
		this.interceptor.afterRecord(record, this.consumer);
		return record;
	}

}
