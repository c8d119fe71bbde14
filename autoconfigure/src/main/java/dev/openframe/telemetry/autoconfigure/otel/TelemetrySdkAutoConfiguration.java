package dev.openframe.telemetry.autoconfigure.otel;


import dev.openframe.telemetry.otel.ExportStatistics;
import dev.openframe.telemetry.otel.TelemetryResource;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the OpenTelemetry SDK: tracer, meter and logger providers exporting
 * over OTLP as {@link TelemetryProperties} say. Backs off entirely when the application, or
 * Spring Boot's own {@code spring-boot-opentelemetry}, already provides an
 * {@link OpenTelemetry}, so there are never two SDKs in one context.
 */
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@ConditionalOnClass(OpenTelemetrySdk.class)
@ConditionalOnTelemetryEnabled
@ConditionalOnMissingBean(OpenTelemetry.class)
@EnableConfigurationProperties(TelemetryProperties.class)
@Import({ TelemetrySdkConfigurations.MicrometerConfiguration.class,
		TelemetrySdkConfigurations.LogbackConfiguration.class })
public final class TelemetrySdkAutoConfiguration {

	/** Resource attribute used when neither a property nor the application name names the service. */
	static final String UNKNOWN_SERVICE = "unknown_service:java";

	TelemetrySdkAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ExportStatistics openTelemetryExportStatistics() {
		return new ExportStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	Resource openTelemetryResource(TelemetryProperties properties, Environment environment) {
		String serviceName = properties.getServiceName();
		if (serviceName == null || serviceName.isBlank()) {
			serviceName = properties.getResourceAttributes().get("service.name");
		}
		if (serviceName == null || serviceName.isBlank()) {
			serviceName = environment.getProperty("spring.application.name", UNKNOWN_SERVICE);
		}
		return TelemetryResource.create(serviceName, properties.getServiceVersion(), properties.getEnvironment(),
				properties.getResourceAttributes());
	}

	@Bean(destroyMethod = "")
	OpenTelemetrySdk openTelemetrySdk(TelemetryProperties properties, Resource openTelemetryResource,
			ExportStatistics statistics, ObjectProvider<MetricProducer> metricProducers,
			ObjectProvider<SdkProvidersCustomizer> customizers, ResourceLoader resourceLoader) {
		// The application's class loader decides which OTLP senders are available.
		SdkProviders providers = new SdkProviders(properties, openTelemetryResource, statistics,
				resourceLoader.getClassLoader());
		return providers.build(metricProducers.orderedStream().toList(), customizers.orderedStream().toList());
	}

	@Bean
	TelemetryShutdown openTelemetrySdkShutdown(OpenTelemetrySdk openTelemetrySdk, TelemetryProperties properties) {
		return new TelemetryShutdown(openTelemetrySdk, properties.getShutdownTimeout());
	}


}
