package dev.openframe.telemetry.autoconfigure.otel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spans, metrics and log records of a real application reach a real OTLP receiver over
 * http/protobuf and gRPC, with the resource, headers and compression configured.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtlpExportEndToEndTests {

	private final OtlpReceiver receiver = OtlpReceiver.start();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		this.receiver.close();
	}

	@Test
	void exportsAllSignalsOverHttpProtobufWithResourceHeadersAndGzip() {
		this.context = run("openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"openframe.telemetry.otlp.headers.x-api-key=secret-key", "openframe.telemetry.otlp.compression=gzip");
		this.context.getBean(MeterRegistry.class).timer("e2e.timer").record(Duration.ofMillis(1500));
		emitSpanAndLog();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.receiver.spans()).extracting((span) -> span.getName()).contains("e2e-operation");
			assertThat(this.receiver.logRecords()).anySatisfy(
					(log) -> assertThat(log.getBody().getStringValue()).isEqualTo("e2e log line"));
			assertThat(this.receiver.metrics()).extracting((metric) -> metric.getName())
				.contains("e2e.counter", "e2e.timer", "jvm.memory.used");
		});
		io.opentelemetry.proto.trace.v1.Span span = this.receiver.spans()
			.stream()
			.filter((candidate) -> candidate.getName().equals("e2e-operation"))
			.findFirst()
			.orElseThrow();
		assertThat(this.receiver.logRecords()).filteredOn((log) -> log.getBody().getStringValue().equals("e2e log line"))
			.first()
			.satisfies((log) -> {
				assertThat(log.getTraceId()).isEqualTo(span.getTraceId());
				assertThat(log.getSpanId()).isEqualTo(span.getSpanId());
			});
		io.opentelemetry.proto.metrics.v1.Metric timer = this.receiver.metrics()
			.stream()
			.filter((metric) -> metric.getName().equals("e2e.timer"))
			.reduce((first, second) -> second)
			.orElseThrow();
		assertThat(timer.getUnit()).isEqualTo("s");
		assertThat(timer.getHistogram().getDataPoints(0).getSum()).isEqualTo(1.5);
		assertThat(timer.getHistogram().getDataPoints(0).getCount()).isEqualTo(1);
		for (String signal : List.of("traces", "metrics", "logs")) {
			assertThat(this.receiver.requests(signal)).allSatisfy((request) -> {
				assertThat(request.transport()).isEqualTo("http");
				assertThat(request.gzip()).isTrue();
				assertThat(deflated(request.body())).as("gzip at level 1")
					.isEqualTo(deflateAtBestSpeed(gunzip(request.body())));
				assertThat(request.headers()).containsEntry("x-api-key", "secret-key");
			});
			Resource resource = this.receiver.resources(signal).get(0);
			assertThat(attribute(resource.getAttributesList(), "service.name")).isEqualTo("e2e-service");
			assertThat(attribute(resource.getAttributesList(), "service.version")).isEqualTo("1.2.3");
			assertThat(attribute(resource.getAttributesList(), "deployment.environment.name")).isEqualTo("test");
			assertThat(attribute(resource.getAttributesList(), "team")).isEqualTo("payments");
			assertThat(attribute(resource.getAttributesList(), "telemetry.sdk.language")).isEqualTo("java");
			assertThat(attribute(resource.getAttributesList(), "process.pid")).isNotBlank();
		}
	}

	@Test
	void exportsAllSignalsOverGrpc() {
		this.context = run("openframe.telemetry.otlp.endpoint=" + this.receiver.grpcEndpoint(),
				"openframe.telemetry.otlp.protocol=grpc", "openframe.telemetry.otlp.headers.x-api-key=grpc-key",
				"openframe.telemetry.otlp.compression=gzip");
		emitSpanAndLog();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.receiver.spans()).extracting((span) -> span.getName()).contains("e2e-operation");
			assertThat(this.receiver.logRecords()).isNotEmpty();
			assertThat(this.receiver.metrics()).isNotEmpty();
		});
		assertThat(this.receiver.requests()).allSatisfy((request) -> {
			assertThat(request.transport()).isEqualTo("grpc");
			assertThat(request.gzip()).isTrue();
			assertThat(request.headers()).containsEntry("x-api-key", "grpc-key");
		});
	}

	@Test
	void sendsUncompressedByDefault() {
		this.context = run("openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint());
		emitSpanAndLog();
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.receiver.spans().isEmpty());
		assertThat(this.receiver.requests("traces")).allSatisfy((request) -> assertThat(request.gzip()).isFalse());
	}

	@Test
	void sendsNothingWithoutEndpointAndSaysSoOnce(CapturedOutput output) throws InterruptedException {
		this.context = run();
		// No exporter exists to fail: checked on the context rather than in the output, which
		// other test classes' contexts, still finishing their shutdown, may write to.
		assertThat(this.context.getBeansOfType(SpanExporter.class)).isEmpty();
		assertThat(this.context.getBeansOfType(MetricExporter.class)).isEmpty();
		assertThat(this.context.getBeansOfType(LogRecordExporter.class)).isEmpty();
		emitSpanAndLog();
		// Well past the configured 500 ms metric interval and 100 ms span delay.
		Thread.sleep(1500);
		this.context.close();
		this.context = null;
		assertThat(this.receiver.requests()).isEmpty();
		assertThat(this.receiver.refusedCount()).isZero();
		assertThat(output.getOut().lines().filter((line) -> line.contains("OpenTelemetry export is off"))
			.filter((line) -> line.contains("INFO"))).hasSize(1);
	}

	@Test
	void exportsSpansEndedJustBeforeContextClose() {
		this.context = run("openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"openframe.telemetry.traces.batch.schedule-delay=1h");
		OpenTelemetry openTelemetry = this.context.getBean(OpenTelemetry.class);
		for (int i = 0; i < 25; i++) {
			openTelemetry.getTracer("e2e").spanBuilder("last-words-" + i).startSpan().end();
		}
		this.context.close();
		this.context = null;
		assertThat(this.receiver.spans()).extracting((span) -> span.getName()).contains("last-words-0", "last-words-24");
	}

	/** The deflate data inside a gzip body: after the 10-byte header, before the 8-byte trailer. */
	private static byte[] deflated(byte[] gzip) {
		return Arrays.copyOfRange(gzip, 10, gzip.length - 8);
	}

	private static byte[] gunzip(byte[] gzip) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
			return in.readAllBytes();
		}
	}

	private static byte[] deflateAtBestSpeed(byte[] data) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
		deflater.setInput(data);
		deflater.finish();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		while (!deflater.finished()) {
			out.write(buffer, 0, deflater.deflate(buffer));
		}
		deflater.end();
		return out.toByteArray();
	}

	private void emitSpanAndLog() {
		OpenTelemetry openTelemetry = this.context.getBean(OpenTelemetry.class);
		this.context.getBean(MeterRegistry.class).counter("e2e.counter").increment();
		Span span = openTelemetry.getTracer("e2e").spanBuilder("e2e-operation").startSpan();
		try (Scope scope = span.makeCurrent()) {
			LoggerFactory.getLogger("e2e").info("e2e log line");
		}
		finally {
			span.end();
		}
	}

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new java.util.ArrayList<>(List.of("spring.application.name=e2e-service",
				"openframe.telemetry.service-version=1.2.3", "openframe.telemetry.environment=test",
				"openframe.telemetry.resource-attributes.team=payments",
				"openframe.telemetry.traces.batch.schedule-delay=100ms",
				"openframe.telemetry.metrics.export-interval=500ms"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	static class TestApplication {

	}

}
