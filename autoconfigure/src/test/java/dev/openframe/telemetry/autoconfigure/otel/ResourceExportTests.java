package dev.openframe.telemetry.autoconfigure.otel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import dev.openframe.telemetry.testsupport.PrometheusText;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who is speaking: every signal a real application exports to a real OTLP receiver carries the
 * same resource (service name, version, namespace and instance, host, OS, process, runtime and
 * Kubernetes attributes), and {@code /actuator/prometheus} publishes it as {@code target_info}.
 */
class ResourceExportTests {

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
	void everySignalAndTheScrapeCarryTheSameResource() throws Exception {
		this.context = run(EnvironmentVariables.of(
				"OTEL_RESOURCE_ATTRIBUTES=k8s.pod.name=orders-7d9f-x2,k8s.namespace.name=shop,k8s.node.name=node-3"),
				"openframe.telemetry.service-namespace=shop");
		emitEverySignal();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.receiver.resources("traces")).isNotEmpty();
			assertThat(this.receiver.resources("metrics")).isNotEmpty();
			assertThat(this.receiver.resources("logs")).isNotEmpty();
		});
		String instanceId = null;
		for (String signal : List.of("traces", "metrics", "logs")) {
			Resource resource = this.receiver.resources(signal).get(0);
			Map<String, String> attributes = attributes(resource);
			// No spring.application.name: the main jar's name, as the OpenTelemetry agent would say.
			assertThat(attributes.get("service.name")).as(signal)
				.isEqualTo(dev.openframe.telemetry.otel.internal.TelemetryResource
					.applicationName(System.getProperty("sun.java.command")))
				.isNotEqualTo("unknown_service:java");
			assertThat(attributes.get("service.version")).as(signal).isEqualTo("3.1.4-build");
			assertThat(attributes.get("service.namespace")).as(signal).isEqualTo("shop");
			assertThat(UUID.fromString(attributes.get("service.instance.id"))).as(signal).isNotNull();
			if (instanceId == null) {
				instanceId = attributes.get("service.instance.id");
			}
			assertThat(attributes.get("service.instance.id")).as(signal).isEqualTo(instanceId);
			assertThat(attributes).as(signal)
				.containsEntry("k8s.pod.name", "orders-7d9f-x2")
				.containsEntry("k8s.namespace.name", "shop")
				.containsEntry("k8s.node.name", "node-3")
				.containsEntry("os.type", "linux")
				.containsEntry("process.pid", Long.toString(ProcessHandle.current().pid()))
				.containsEntry("process.runtime.version", System.getProperty("java.runtime.version"))
				.containsKeys("host.name", "host.arch", "os.description", "process.executable.path",
						"process.runtime.name", "telemetry.sdk.version");
			assertThat(attributes.keySet()).as(signal).noneMatch((key) -> key.startsWith("process.command"));
		}
		String instance = instanceId;
		PrometheusText scrape = PrometheusText.parse(scrape());
		assertThat(scrape.samples("target_info")).singleElement().satisfies((sample) -> {
			assertThat(sample.labels()).containsEntry("service_instance_id", instance)
				.containsEntry("service_namespace", "shop")
				.containsEntry("service_version", "3.1.4-build")
				.containsEntry("k8s_pod_name", "orders-7d9f-x2")
				.containsKey("host_name");
			assertThat(sample.value()).isEqualTo(1.0);
		});
	}

	@Test
	void propertiesBeatTheBuildInfo() {
		this.context = run(EnvironmentVariables.of(), "spring.application.name=orders",
				"openframe.telemetry.service-version=9.9.9");
		emitEverySignal();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.receiver.resources("traces")).isNotEmpty());
		Map<String, String> attributes = attributes(this.receiver.resources("traces").get(0));
		assertThat(attributes).containsEntry("service.name", "orders").containsEntry("service.version", "9.9.9");
	}

	private static Map<String, String> attributes(Resource resource) {
		Map<String, String> attributes = new java.util.TreeMap<>();
		resource.getAttributesList()
			.forEach((keyValue) -> attributes.put(keyValue.getKey(),
					attribute(resource.getAttributesList(), keyValue.getKey())));
		return attributes;
	}

	private void emitEverySignal() {
		OpenTelemetry openTelemetry = this.context.getBean(OpenTelemetry.class);
		this.context.getBean(MeterRegistry.class).counter("resource.counter").increment();
		Span span = openTelemetry.getTracer("resource").spanBuilder("resource-operation").startSpan();
		try (Scope scope = span.makeCurrent()) {
			LoggerFactory.getLogger("resource").info("resource log line");
		}
		finally {
			span.end();
		}
	}

	private String scrape() throws Exception {
		int port = ((WebServerApplicationContext) this.context).getWebServer().getPort();
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	private ConfigurableApplicationContext run(EnvironmentVariables variables, String... properties) {
		List<String> all = new java.util.ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"openframe.telemetry.traces.batch.schedule-delay=100ms",
				"openframe.telemetry.metrics.export-interval=500ms"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(ResourceApplication.class).initializers(variables)
			.properties(all.toArray(String[]::new))
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
	static class ResourceApplication {

		/** As Spring Boot makes it from {@code META-INF/build-info.properties}. */
		@Bean
		BuildProperties buildProperties() {
			Properties properties = new Properties();
			properties.setProperty("version", "3.1.4-build");
			return new BuildProperties(properties);
		}

	}

}
