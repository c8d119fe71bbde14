package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.ExportStatisticsMeterBinder;
import dev.openframe.telemetry.otel.internal.LogbackOtlpAppender;
import dev.openframe.telemetry.otel.internal.Signal;
import dev.openframe.telemetry.otel.internal.TelemetryResource;
import dev.openframe.telemetry.otel.internal.metrics.MicrometerMetricProducer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link TelemetrySdkAutoConfiguration}.
 */
public class TelemetrySdkAutoConfigurationTests {

	/** Spring Boot's own SDK auto-configuration, from {@code spring-boot-opentelemetry}. */
	public static final String BOOT_SDK_AUTO_CONFIGURATION = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void providesOpenTelemetrySdk() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetry.class).hasSingleBean(OpenTelemetrySdk.class);
			assertThat(context).hasSingleBean(ExportStatistics.class);
			assertThat(context.getBean(ExportStatistics.class).exportedSignals()).isEmpty();
		});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetry.class)
				.doesNotHaveBean(ExportStatistics.class)
				.doesNotHaveBean(TelemetryProperties.class));
	}

	@Test
	void disabledByOtelSdkDisabledVariable() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_SDK_DISABLED=true"))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetry.class));
	}

	@Test
	void backsOffWhenUserDefinesOpenTelemetry() {
		this.runner.withUserConfiguration(UserOpenTelemetryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(OpenTelemetry.class).doesNotHaveBean(OpenTelemetrySdk.class);
			assertThat(context.getBean(OpenTelemetry.class)).isSameAs(UserOpenTelemetryConfiguration.OPEN_TELEMETRY);
			assertThat(context).doesNotHaveBean(ExportStatistics.class);
		});
	}

	@Test
	void backsOffFromSpringBootsOwnSdkAutoConfiguration() throws ClassNotFoundException {
		Class<?> bootSdk = Class.forName(BOOT_SDK_AUTO_CONFIGURATION);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, bootSdk))
			.run((context) -> {
				assertThat(context).hasSingleBean(OpenTelemetry.class);
				assertThat(context).doesNotHaveBean(ExportStatistics.class);
			});
	}

	@Test
	void backsOffWhenSdkIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(OpenTelemetrySdk.class))
			.run((context) -> assertThat(context).doesNotHaveBean(OpenTelemetry.class));
	}

	@Test
	void serviceNameDefaultsToApplicationName() {
		this.runner.withPropertyValues("spring.application.name=orders")
			.run((context) -> assertThat(serviceName(context.getBean(Resource.class))).isEqualTo("orders"));
	}

	@Test
	void serviceNameDefaultsToTheApplicationJarOrMainClassWithoutApplicationName() {
		// Here the JVM runs Surefire's booter jar, so the service is named after it, as the agent would.
		this.runner.run((context) -> assertThat(serviceName(context.getBean(Resource.class)))
			.startsWith("surefirebooter")
			.isEqualTo(TelemetryResource.applicationName(System.getProperty("sun.java.command"))));
	}

	@Test
	void serviceNameIsUnknownServiceWhenNothingNamesIt() {
		this.runner.run((context) -> assertThat(ServiceIdentity
			.resolve(context.getBean(TelemetryProperties.class), context.getEnvironment(), null, null)
			.name()).isEqualTo("unknown_service:java"));
	}

	@Test
	void serviceVersionComesFromTheBuildInfoElseTheJarManifest() {
		java.util.Properties build = new java.util.Properties();
		build.setProperty("version", "2.3.4");
		this.runner.withPropertyValues("spring.application.version=1.0.0-manifest").run((context) -> {
			TelemetryProperties properties = context.getBean(TelemetryProperties.class);
			assertThat(ServiceIdentity.resolve(properties, context.getEnvironment(),
					new org.springframework.boot.info.BuildProperties(build), null)
				.version()).isEqualTo("2.3.4");
			assertThat(ServiceIdentity.resolve(properties, context.getEnvironment(), null, null).version())
				.isEqualTo("1.0.0-manifest");
		});
	}

	@Test
	void serviceNamePropertyBeatsApplicationName() {
		this.runner.withPropertyValues("spring.application.name=orders", "openframe.telemetry.service-name=billing")
			.run((context) -> assertThat(serviceName(context.getBean(Resource.class))).isEqualTo("billing"));
	}

	@Test
	void otelServiceNameVariableBeatsApplicationName() {
		this.runner.withPropertyValues("spring.application.name=from-yaml")
			.withInitializer(EnvironmentVariables.of("OTEL_SERVICE_NAME=from-env"))
			.run((context) -> assertThat(serviceName(context.getBean(Resource.class))).isEqualTo("from-env"));
	}

	@Test
	void resourceCarriesVersionEnvironmentExtraAndHostAttributes() {
		this.runner
			.withPropertyValues("openframe.telemetry.service-version=2.0.1", "openframe.telemetry.environment=staging",
					"openframe.telemetry.resource-attributes.team=payments")
			.run((context) -> {
				Resource resource = context.getBean(Resource.class);
				assertThat(resource.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.version")))
					.isEqualTo("2.0.1");
				assertThat(resource
					.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("deployment.environment.name")))
					.isEqualTo("staging");
				assertThat(resource.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("team")))
					.isEqualTo("payments");
				assertThat(resource.getAttribute(io.opentelemetry.api.common.AttributeKey.longKey("process.pid")))
					.isEqualTo(ProcessHandle.current().pid());
				assertThat(resource.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("host.arch")))
					.isNotBlank();
				assertThat(resource
					.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("telemetry.sdk.version")))
					.isNotBlank();
			});
	}

	@Test
	void exportsEverySignalWhenEndpointIsSet() {
		this.runner.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4318")
			.run((context) -> assertThat(context.getBean(ExportStatistics.class).exportedSignals())
				.containsExactlyInAnyOrder(Signal.TRACES, Signal.METRICS, Signal.LOGS));
	}

	@Test
	void signalCanBeTurnedOff() {
		this.runner
			.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4318",
					"openframe.telemetry.logs.enabled=false", "openframe.telemetry.metrics.enabled=false")
			.run((context) -> assertThat(context.getBean(ExportStatistics.class).exportedSignals())
				.containsExactly(Signal.TRACES));
	}

	@Test
	void samplerFollowsProperties() {
		this.runner
			.withPropertyValues("openframe.telemetry.traces.sampler=parentbased_traceidratio",
					"openframe.telemetry.traces.sampler-ratio=0.25")
			.run((context) -> assertThat(context.getBean(OpenTelemetrySdk.class).getSdkTracerProvider().getSampler())
				.hasToString("ParentBased{root:TraceIdRatioBased{0.250000},remoteParentSampled:AlwaysOnSampler,"
						+ "remoteParentNotSampled:AlwaysOffSampler,localParentSampled:AlwaysOnSampler,"
						+ "localParentNotSampled:AlwaysOffSampler}"));
	}

	@Test
	void installsLogbackAppenderWhenLogsHaveAnEndpoint() {
		this.runner.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4318")
			.run((context) -> assertThat(context).hasSingleBean(LogbackOtlpAppender.class));
	}

	@Test
	void noLogbackAppenderWithoutEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(LogbackOtlpAppender.class));
	}

	@Test
	void noLogbackAppenderWhenLogsAreOff() {
		this.runner
			.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4318",
					"openframe.telemetry.logs.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LogbackOtlpAppender.class));
	}

	@Test
	void logsEndpointAloneInstallsLogbackAppender() {
		this.runner.withPropertyValues("openframe.telemetry.logs.endpoint=http://127.0.0.1:4318/v1/logs")
			.run((context) -> {
				assertThat(context).hasSingleBean(LogbackOtlpAppender.class);
				assertThat(context.getBean(ExportStatistics.class).exportedSignals()).containsExactly(Signal.LOGS);
			});
	}

	@Test
	void backsOffLogbackAppenderWithoutTheAppenderLibrary() {
		this.runner.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4318")
			.withClassLoader(new FilteredClassLoader("io.opentelemetry.instrumentation.logback"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LogbackOtlpAppender.class));
	}

	@Test
	void readsMicrometerMetersWhenMicrometerIsPresent() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(MicrometerMetricProducer.class)
			.hasSingleBean(ExportStatisticsMeterBinder.class));
	}

	@Test
	void backsOffMicrometerPartsWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OpenTelemetrySdk.class)
				.doesNotHaveBean(MicrometerMetricProducer.class));
	}

	@Test
	void shutsSdkDownWhenContextCloses() {
		this.runner.run((context) -> {
			OpenTelemetrySdk sdk = context.getBean(OpenTelemetrySdk.class);
			context.close();
			assertThat(sdk.getSdkTracerProvider().shutdown().isSuccess()).isTrue();
			assertThat(sdk.getSdkTracerProvider().get("test").spanBuilder("after-close").startSpan().isRecording())
				.isFalse();
		});
	}

	private static String serviceName(Resource resource) {
		return resource.getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserOpenTelemetryConfiguration {

		static final OpenTelemetry OPEN_TELEMETRY = OpenTelemetry.noop();

		@Bean
		OpenTelemetry userOpenTelemetry() {
			return OPEN_TELEMETRY;
		}

	}

}
