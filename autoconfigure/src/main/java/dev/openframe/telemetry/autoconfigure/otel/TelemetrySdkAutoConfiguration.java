package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.Signal;
import dev.openframe.telemetry.otel.internal.TelemetryResource;
import dev.openframe.telemetry.otel.internal.export.TelemetryShutdown;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the OpenTelemetry SDK: tracer, meter and logger providers exporting
 * over OTLP as {@link TelemetryProperties} say. Each part (resource, propagators, sampler,
 * exporters, processors, providers) is a bean of its own that an application can replace, and
 * each builder has its customizer. Backs off entirely when the application, or Spring Boot's own
 * {@code spring-boot-opentelemetry}, already provides an {@link OpenTelemetry}, so there are
 * never two SDKs in one context.
 */
// Before the composite registry, which must see the exponential histogram registry when there is one.
@AutoConfiguration(afterName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
		beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(OpenTelemetrySdk.class)
@ConditionalOnTelemetryEnabled
@ConditionalOnMissingBean(OpenTelemetry.class)
@EnableConfigurationProperties(TelemetryProperties.class)
@Import({ SdkSignalConfigurations.TracingConfiguration.class, SdkSignalConfigurations.MetricsConfiguration.class,
		SdkSignalConfigurations.LoggingConfiguration.class, TelemetrySdkConfigurations.MicrometerConfiguration.class,
		TelemetrySdkConfigurations.ExponentialHistogramConfiguration.class,
		TelemetrySdkConfigurations.LogbackConfiguration.class })
public final class TelemetrySdkAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TelemetrySdkAutoConfiguration.class);

	TelemetrySdkAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ExportStatistics openTelemetryExportStatistics() {
		return new ExportStatistics();
	}

	@Bean
	@ConditionalOnMissingBean
	Resource openTelemetryResource(TelemetryProperties properties, Environment environment,
			ObjectProvider<BuildProperties> buildProperties) {
		return TelemetryResource.create(ServiceIdentity.resolve(properties, environment,
				buildProperties.getIfAvailable(), System.getProperty("sun.java.command")),
				properties.getResourceAttributes());
	}

	@Bean
	@ConditionalOnMissingBean
	ContextPropagators openTelemetryContextPropagators(TelemetryProperties properties,
			ResourceLoader resourceLoader) {
		return Propagators.create(properties.getPropagators(), resourceLoader.getClassLoader());
	}

	// Shut down by TelemetryShutdown within the configured time, not by an inferred close().
	@Bean(destroyMethod = "")
	OpenTelemetrySdk openTelemetrySdk(SdkTracerProvider tracerProvider, SdkMeterProvider meterProvider,
			SdkLoggerProvider loggerProvider, ContextPropagators propagators, ExportStatistics statistics,
			TelemetryProperties properties) {
		if (statistics.exportedSignals().isEmpty()) {
			logger.info("OpenTelemetry export is off: " + exportOffReason(properties)
					+ ". Telemetry stays local: trace ids in logs, metrics at /actuator/prometheus.");
		}
		return OpenTelemetrySdk.builder()
			.setTracerProvider(tracerProvider)
			.setMeterProvider(meterProvider)
			.setLoggerProvider(loggerProvider)
			.setPropagators(propagators)
			.build();
	}

	/**
	 * Why no signal is exported, for the one INFO line. Only when no signal would go to OTLP
	 * (every one is off or has exporter 'none') is the missing endpoint not the reason.
	 */
	static String exportOffReason(TelemetryProperties properties) {
		boolean anyOtlp = false;
		for (Signal signal : Signal.values()) {
			TelemetryProperties.SignalExport export = properties.signal(signal);
			anyOtlp |= export.isEnabled() && export.getExporter() == ExporterType.OTLP;
		}
		if (!anyOtlp) {
			return "the exporter of traces, metrics and logs is 'none' or the signal is disabled "
					+ "('openframe.telemetry.<signal>.exporter' or OTEL_TRACES_EXPORTER, OTEL_METRICS_EXPORTER, "
					+ "OTEL_LOGS_EXPORTER; 'openframe.telemetry.<signal>.enabled')";
		}
		return "no OTLP endpoint is set ('openframe.telemetry.otlp.endpoint' or OTEL_EXPORTER_OTLP_ENDPOINT)";
	}

	@Bean
	TelemetryShutdown openTelemetrySdkShutdown(OpenTelemetrySdk openTelemetrySdk, TelemetryProperties properties) {
		return new TelemetryShutdown(openTelemetrySdk, properties.getShutdownTimeout());
	}

}
