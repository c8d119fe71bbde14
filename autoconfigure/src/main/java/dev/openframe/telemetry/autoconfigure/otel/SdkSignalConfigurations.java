package dev.openframe.telemetry.autoconfigure.otel;

import java.util.List;

import dev.openframe.telemetry.otel.internal.DroppedItemsMeterProvider;
import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.MonitoredLogRecordExporter;
import dev.openframe.telemetry.otel.internal.MonitoredMetricExporter;
import dev.openframe.telemetry.otel.internal.MonitoredSpanExporter;
import dev.openframe.telemetry.otel.internal.Signal;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The SDK's provider of each signal, as parts an application can replace one by one: the
 * exporter the signal's {@code exporter} property chooses (OTLP when the signal has an endpoint,
 * or console), a batching processor or periodic reader around
 * whichever exporter there is, and the provider with every processor or reader in the context.
 * SDK parts are shut down by {@link TelemetryShutdown}, not by their own {@code close()}.
 */
final class SdkSignalConfigurations {

	private SdkSignalConfigurations() {
	}

	/** Spans. */
	@Configuration(proxyBeanMethods = false)
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		Sampler openTelemetrySampler(TelemetryProperties properties) {
			TelemetryProperties.Traces traces = properties.getTraces();
			return traces.getSampler().create(traces.getSamplerRatio());
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnSignalExport(Signal.TRACES)
		@Nullable SpanExporter openTelemetrySpanExporter(TelemetryProperties properties, ResourceLoader resourceLoader,
				ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<OtlpHttpSpanExporterBuilderCustomizer> httpCustomizers,
				ObjectProvider<OtlpGrpcSpanExporterBuilderCustomizer> grpcCustomizers) {
			SignalExportSettings settings = SignalExportSettings.resolve(properties, Signal.TRACES);
			if (settings == null) {
				// Only after AOT processing, which registers the exporter whatever the endpoint.
				return null;
			}
			settings = settings.withTimeoutAtMost(properties.getTraces().getBatch().getExportTimeout());
			return new OtlpExporters(resourceLoader.getClassLoader(), sslBundles.getIfAvailable())
				.spanExporter(settings, httpCustomizers, grpcCustomizers);
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnSignalExport(value = Signal.TRACES, exporter = ExporterType.CONSOLE)
		SpanExporter openTelemetryConsoleSpanExporter(ResourceLoader resourceLoader) {
			return ConsoleExporters.spanExporter(resourceLoader.getClassLoader());
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnBean(SpanExporter.class)
		@Nullable BatchSpanProcessor openTelemetrySpanProcessor(ObjectProvider<SpanExporter> exporters,
				TelemetryProperties properties, ExportStatistics statistics) {
			TelemetryProperties.Batch batch = properties.getTraces().getBatch();
			List<SpanExporter> present = exporters.orderedStream().toList();
			if (present.isEmpty()) {
				// Every exporter bean returned null (after AOT processing): nothing to batch for.
				return null;
			}
			statistics.markExported(Signal.TRACES);
			SpanExporter exporter = SpanExporter.composite(present);
			return BatchSpanProcessor.builder(new MonitoredSpanExporter(exporter, statistics))
				.setScheduleDelay(batch.getScheduleDelay())
				.setMaxQueueSize(batch.getMaxQueueSize())
				.setMaxExportBatchSize(Math.min(batch.getMaxExportBatchSize(), batch.getMaxQueueSize()))
				.setExporterTimeout(batch.getExportTimeout())
				.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
				.setMeterProvider(new DroppedItemsMeterProvider(statistics.get(Signal.TRACES),
						"otel.sdk.processor.span.processed"))
				.build();
		}

		@Bean
		@ConditionalOnMissingBean
		SpanLimits openTelemetrySpanLimits(TelemetryProperties properties) {
			return SdkLimits.spanLimits(properties);
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		SdkTracerProvider openTelemetryTracerProvider(Resource resource, Sampler sampler, SpanLimits spanLimits,
				ObjectProvider<SpanProcessor> processors, ObjectProvider<SdkTracerProviderBuilderCustomizer> customizers) {
			SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
				.setResource(resource)
				.setSampler(sampler)
				.setSpanLimits(spanLimits);
			processors.orderedStream().forEach(builder::addSpanProcessor);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

	}

	/** Metrics: Micrometer's meters reach the SDK as a {@link MetricProducer}. */
	@Configuration(proxyBeanMethods = false)
	static class MetricsConfiguration {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnSignalExport(Signal.METRICS)
		@Nullable MetricExporter openTelemetryMetricExporter(TelemetryProperties properties,
				ResourceLoader resourceLoader, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<OtlpHttpMetricExporterBuilderCustomizer> httpCustomizers,
				ObjectProvider<OtlpGrpcMetricExporterBuilderCustomizer> grpcCustomizers) {
			SignalExportSettings settings = SignalExportSettings.resolve(properties, Signal.METRICS);
			if (settings == null) {
				// Only after AOT processing, which registers the exporter whatever the endpoint.
				return null;
			}
			return new OtlpExporters(resourceLoader.getClassLoader(), sslBundles.getIfAvailable()).metricExporter(
					settings.withTimeoutAtMost(properties.getMetrics().getExportTimeout()),
					properties.getMetrics().getTemporality().selector(), httpCustomizers, grpcCustomizers);
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnSignalExport(value = Signal.METRICS, exporter = ExporterType.CONSOLE)
		MetricExporter openTelemetryConsoleMetricExporter(ResourceLoader resourceLoader) {
			return ConsoleExporters.metricExporter(resourceLoader.getClassLoader());
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnBean(MetricExporter.class)
		@Nullable PeriodicMetricReader openTelemetryMetricReader(ObjectProvider<MetricExporter> exporters,
				TelemetryProperties properties, ExportStatistics statistics) {
			MetricExporter exporter = exporters.getIfAvailable();
			if (exporter == null) {
				// The exporter bean returned null (after AOT processing): nothing to read for.
				return null;
			}
			statistics.markExported(Signal.METRICS);
			return PeriodicMetricReader.builder(new MonitoredMetricExporter(exporter, statistics))
				.setInterval(properties.getMetrics().getExportInterval())
				.build();
		}

		@Bean
		@ConditionalOnMissingBean
		ExemplarFilter openTelemetryExemplarFilter(TelemetryProperties properties) {
			return properties.getMetrics().getExemplarFilter().create();
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		SdkMeterProvider openTelemetryMeterProvider(Resource resource, ExemplarFilter exemplarFilter,
				ObjectProvider<MetricReader> readers, ObjectProvider<MetricProducer> producers,
				ObjectProvider<SdkMeterProviderBuilderCustomizer> customizers) {
			SdkMeterProviderBuilder builder = SdkMeterProvider.builder()
				.setResource(resource)
				.setExemplarFilter(exemplarFilter);
			readers.orderedStream().forEach(builder::registerMetricReader);
			// Without a reader nobody would ever ask the producers for data.
			if (readers.orderedStream().findAny().isPresent()) {
				producers.orderedStream().forEach(builder::registerMetricProducer);
			}
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

	}

	/** Log records; the Logback appender feeds them (see {@link TelemetrySdkConfigurations}). */
	@Configuration(proxyBeanMethods = false)
	static class LoggingConfiguration {

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnSignalExport(Signal.LOGS)
		@Nullable LogRecordExporter openTelemetryLogRecordExporter(TelemetryProperties properties,
				ResourceLoader resourceLoader, ObjectProvider<SslBundles> sslBundles,
				ObjectProvider<OtlpHttpLogRecordExporterBuilderCustomizer> httpCustomizers,
				ObjectProvider<OtlpGrpcLogRecordExporterBuilderCustomizer> grpcCustomizers) {
			SignalExportSettings settings = SignalExportSettings.resolve(properties, Signal.LOGS);
			if (settings == null) {
				// Only after AOT processing, which registers the exporter whatever the endpoint.
				return null;
			}
			settings = settings.withTimeoutAtMost(properties.getLogs().getBatch().getExportTimeout());
			return new OtlpExporters(resourceLoader.getClassLoader(), sslBundles.getIfAvailable())
				.logRecordExporter(settings, httpCustomizers, grpcCustomizers);
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnSignalExport(value = Signal.LOGS, exporter = ExporterType.CONSOLE)
		LogRecordExporter openTelemetryConsoleLogRecordExporter(ResourceLoader resourceLoader) {
			return ConsoleExporters.logRecordExporter(resourceLoader.getClassLoader());
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		@ConditionalOnBean(LogRecordExporter.class)
		@Nullable BatchLogRecordProcessor openTelemetryLogRecordProcessor(ObjectProvider<LogRecordExporter> exporters,
				TelemetryProperties properties, ExportStatistics statistics) {
			TelemetryProperties.Batch batch = properties.getLogs().getBatch();
			List<LogRecordExporter> present = exporters.orderedStream().toList();
			if (present.isEmpty()) {
				// Every exporter bean returned null (after AOT processing): nothing to batch for.
				return null;
			}
			statistics.markExported(Signal.LOGS);
			LogRecordExporter exporter = LogRecordExporter.composite(present);
			return BatchLogRecordProcessor.builder(new MonitoredLogRecordExporter(exporter, statistics))
				.setScheduleDelay(batch.getScheduleDelay())
				.setMaxQueueSize(batch.getMaxQueueSize())
				.setMaxExportBatchSize(Math.min(batch.getMaxExportBatchSize(), batch.getMaxQueueSize()))
				.setExporterTimeout(batch.getExportTimeout())
				.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
				.setMeterProvider(new DroppedItemsMeterProvider(statistics.get(Signal.LOGS),
						"otel.sdk.processor.log.processed"))
				.build();
		}

		@Bean
		@ConditionalOnMissingBean
		LogLimits openTelemetryLogLimits(TelemetryProperties properties) {
			return SdkLimits.logLimits(properties);
		}

		@Bean(destroyMethod = "")
		@ConditionalOnMissingBean
		SdkLoggerProvider openTelemetryLoggerProvider(Resource resource, LogLimits logLimits,
				ObjectProvider<LogRecordProcessor> processors,
				ObjectProvider<SdkLoggerProviderBuilderCustomizer> customizers) {
			SdkLoggerProviderBuilder builder = SdkLoggerProvider.builder()
				.setResource(resource)
				.setLogLimits(() -> logLimits);
			processors.orderedStream().forEach(builder::addLogRecordProcessor);
			customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}

	}

}
