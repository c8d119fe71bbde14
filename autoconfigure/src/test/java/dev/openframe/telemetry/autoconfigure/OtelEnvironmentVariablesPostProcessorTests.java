package dev.openframe.telemetry.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.openframe.telemetry.autoconfigure.otel.OtlpCompression;
import dev.openframe.telemetry.autoconfigure.otel.OtlpProtocol;
import dev.openframe.telemetry.autoconfigure.otel.SamplerType;
import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfigurationTests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code OTEL_*} variables become {@code openframe.telemetry.*} properties in a real
 * {@link SpringApplication}, beat {@code application.yml}, and stop start-up with a readable
 * failure when bad.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtelEnvironmentVariablesPostProcessorTests {

	@Test
	void mapsEveryVariableOntoItsProperty() {
		Map<String, String> variables = new LinkedHashMap<>();
		variables.put("OTEL_SERVICE_NAME", "checkout");
		variables.put("OTEL_RESOURCE_ATTRIBUTES", "team=payments,region=eu%2Dwest%201");
		variables.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
		variables.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
		variables.put("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
		variables.put("OTEL_EXPORTER_OTLP_TIMEOUT", "2500");
		variables.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20abc+def,x-tenant=7");
		variables.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/v1/traces");
		variables.put("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/protobuf");
		variables.put("OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-logs=1");
		variables.put("OTEL_EXPORTER_OTLP_LOGS_TIMEOUT", "700");
		variables.put("OTEL_TRACES_SAMPLER", "traceidratio");
		variables.put("OTEL_TRACES_SAMPLER_ARG", "0.5");
		variables.put("OTEL_METRIC_EXPORT_INTERVAL", "30000");
		variables.put("OTEL_BSP_SCHEDULE_DELAY", "200");
		variables.put("OTEL_BSP_MAX_QUEUE_SIZE", "100");
		variables.put("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "50");
		variables.put("OTEL_BSP_EXPORT_TIMEOUT", "1000");
		try (ConfigurableApplicationContext context = run(variables)) {
			TelemetryProperties properties = context.getBean(TelemetryProperties.class);
			assertThat(properties.getServiceName()).isEqualTo("checkout");
			assertThat(properties.getResourceAttributes()).containsEntry("team", "payments")
				.containsEntry("region", "eu-west 1");
			assertThat(properties.getOtlp().getEndpoint()).isEqualTo("http://collector:4318");
			assertThat(properties.getOtlp().getProtocol()).isEqualTo(OtlpProtocol.GRPC);
			assertThat(properties.getOtlp().getCompression()).isEqualTo(OtlpCompression.NONE);
			assertThat(properties.getOtlp().getTimeout()).isEqualTo(Duration.ofMillis(2500));
			assertThat(properties.getOtlp().getHeaders()).containsEntry("Authorization", "Bearer abc+def")
				.containsEntry("x-tenant", "7");
			assertThat(properties.getTraces().getEndpoint()).isEqualTo("http://traces:4318/v1/traces");
			assertThat(properties.getMetrics().getProtocol()).isEqualTo(OtlpProtocol.HTTP_PROTOBUF);
			assertThat(properties.getLogs().getHeaders()).containsEntry("x-logs", "1");
			assertThat(properties.getLogs().getTimeout()).isEqualTo(Duration.ofMillis(700));
			assertThat(properties.getTraces().getSampler()).isEqualTo(SamplerType.TRACEIDRATIO);
			assertThat(properties.getTraces().getSamplerRatio()).isEqualTo(0.5);
			assertThat(properties.getMetrics().getExportInterval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getTraces().getBatch().getScheduleDelay()).isEqualTo(Duration.ofMillis(200));
			assertThat(properties.getTraces().getBatch().getMaxQueueSize()).isEqualTo(100);
			assertThat(properties.getTraces().getBatch().getMaxExportBatchSize()).isEqualTo(50);
			assertThat(properties.getTraces().getBatch().getExportTimeout()).isEqualTo(Duration.ofSeconds(1));
		}
	}

	@Test
	void variablesBeatApplicationYml() {
		Map<String, String> variables = Map.of("OTEL_SERVICE_NAME", "from-variable", "OTEL_EXPORTER_OTLP_HEADERS",
				"x-api-key=from-variable");
		try (ConfigurableApplicationContext context = run(variables,
				"--spring.config.location=classpath:otel-precedence.yml")) {
			TelemetryProperties properties = context.getBean(TelemetryProperties.class);
			assertThat(properties.getServiceName()).isEqualTo("from-variable");
			assertThat(properties.getOtlp().getHeaders()).containsEntry("x-api-key", "from-variable")
				.containsEntry("x-other", "from-yaml");
			// Untouched by any variable, so application.yml still applies.
			assertThat(properties.getServiceVersion()).isEqualTo("9.9.9");
		}
	}

	@Test
	void commandLineBeatsVariables() {
		try (ConfigurableApplicationContext context = run(Map.of("OTEL_SERVICE_NAME", "from-variable"),
				"--openframe.telemetry.service-name=from-command-line")) {
			assertThat(context.getBean(TelemetryProperties.class).getServiceName()).isEqualTo("from-command-line");
		}
	}

	@Test
	void sdkDisabledVariableLeavesApplicationUntouched() {
		try (ConfigurableApplicationContext context = run(Map.of("OTEL_SDK_DISABLED", "true"))) {
			assertThat(context.getBeanNamesForType(io.opentelemetry.api.OpenTelemetry.class)).isEmpty();
			assertThat(context.getBeanNamesForType(TelemetryProperties.class)).isEmpty();
		}
	}

	@Test
	void sdkDisabledVariableIsCaseInsensitive() {
		try (ConfigurableApplicationContext context = run(Map.of("OTEL_SDK_DISABLED", " TRUE "))) {
			assertThat(context.getBeanNamesForType(TelemetryProperties.class)).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "false", "FALSE", " False " })
	void sdkDisabledFalseLeavesTheSwitchToApplicationYml(String value) {
		try (ConfigurableApplicationContext context = run(Map.of("OTEL_SDK_DISABLED", value),
				"--spring.config.location=classpath:otel-disabled-in-yaml.yml")) {
			assertThat(context.getEnvironment().getProperty("openframe.telemetry.enabled")).isEqualTo("false");
			assertThat(context.getBeanNamesForType(io.opentelemetry.api.OpenTelemetry.class)).isEmpty();
			assertThat(context.getBeanNamesForType(TelemetryProperties.class)).isEmpty();
		}
	}

	@Test
	void sdkDisabledFalseKeepsTheStarterOn() {
		try (ConfigurableApplicationContext context = run(Map.of("OTEL_SDK_DISABLED", "false"))) {
			assertThat(context.getBeanNamesForType(TelemetryProperties.class)).hasSize(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "yes", "ture", "1" })
	void sdkDisabledWithAnotherValueStopsStartupNamingTheVariable(String value, CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(Map.of("OTEL_SDK_DISABLED", value),
				"--spring.config.location=classpath:otel-disabled-in-yaml.yml"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'OTEL_SDK_DISABLED' must be 'true' or 'false' but was '" + value + "'")
			.contains("environment variable 'OTEL_SDK_DISABLED'");
	}

	@Test
	void variablesAreMappedBeforeTheStartersOtherEnvironmentPostProcessors() {
		// Both read openframe.telemetry.enabled, which OTEL_SDK_DISABLED sets; and all three need
		// application.yml, which Spring Boot's config data post-processor loads.
		assertThat(new OtelEnvironmentVariablesPostProcessor().getOrder())
			.isGreaterThan(ConfigDataEnvironmentPostProcessor.ORDER);
		List<EnvironmentPostProcessor> ours = EnvironmentPostProcessorsFactory
			.fromSpringFactories(getClass().getClassLoader())
			.getEnvironmentPostProcessors(Supplier::get, new DefaultBootstrapContext())
			.stream()
			.filter((processor) -> processor.getClass().getName().startsWith("dev.openframe.telemetry."))
			.toList();
		List<Class<?>> sorted = ours.stream().<Class<?>>map(Object::getClass).toList();
		assertThat(ours).hasSize(4)
			.allSatisfy((processor) -> assertThat(((Ordered) processor).getOrder())
				.isGreaterThan(ConfigDataEnvironmentPostProcessor.ORDER));
		assertThat(ours.subList(1, ours.size())).allSatisfy((processor) -> assertThat(((Ordered) processor).getOrder())
			.isGreaterThan(new OtelEnvironmentVariablesPostProcessor().getOrder()));
		assertThat(sorted).first().isEqualTo(OtelEnvironmentVariablesPostProcessor.class);
		assertThat(sorted).extracting(Class::getSimpleName)
			.containsExactlyInAnyOrder("OtelEnvironmentVariablesPostProcessor", "PrometheusExposurePostProcessor",
					"PrometheusExemplarsPostProcessor", "HttpObservationDefaultsPostProcessor");
	}

	@Test
	void badVariableStopsStartupNamingTheVariable(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "thrift")));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'OTEL_EXPORTER_OTLP_PROTOCOL' (bound to 'openframe.telemetry.otlp.protocol') must be one of "
					+ "'http/protobuf', 'grpc' but was 'thrift'")
			.contains("Correct the environment variable 'OTEL_EXPORTER_OTLP_PROTOCOL'");
	}

	@Test
	void badPropertyStopsStartupNamingThePropertyAndItsOrigin(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(Map.of(), "--openframe.telemetry.traces.sampler-ratio=2"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("'openframe.telemetry.traces.sampler-ratio' must be between 0 and 1 but was '2'")
			.contains("Origin: \"openframe.telemetry.traces.sampler-ratio\" from property source \"commandLineArgs\"");
	}

	private static ConfigurableApplicationContext run(Map<String, String> variables, String... args) {
		SpringApplication application = new SpringApplication(TestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setEnvironment(new StandardEnvironment() {
			@Override
			public Map<String, Object> getSystemEnvironment() {
				return new LinkedHashMap<>(variables);
			}
		});
		return application.run(args);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	static class TestApplication {

	}

}
