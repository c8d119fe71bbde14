package dev.openframe.telemetry.autoconfigure.otel;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.openframe.telemetry.otel.DroppedItemsMeterProvider;
import dev.openframe.telemetry.otel.ExportStatistics;
import dev.openframe.telemetry.otel.MonitoredLogRecordExporter;
import dev.openframe.telemetry.otel.MonitoredMetricExporter;
import dev.openframe.telemetry.otel.MonitoredSpanExporter;
import dev.openframe.telemetry.otel.Signal;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Assembles the {@link OpenTelemetrySdk} from the properties: tracer, meter and logger providers
 * with batching, OTLP exporters wrapped for {@link ExportStatistics}, and W3C propagators.
 */
final class SdkProviders {

	private static final Log logger = LogFactory.getLog(SdkProviders.class);

	private final TelemetryProperties properties;

	private final Resource resource;

	private final ExportStatistics statistics;

	private final OtlpExporters exporters;

	SdkProviders(TelemetryProperties properties, Resource resource, ExportStatistics statistics,
			ClassLoader classLoader) {
		this.properties = properties;
		this.resource = resource;
		this.statistics = statistics;
		this.exporters = new OtlpExporters(classLoader);
	}

	OpenTelemetrySdk build(List<MetricProducer> metricProducers, List<SdkProvidersCustomizer> customizers) {
		SignalExportSettings traces = settings(Signal.TRACES);
		SignalExportSettings metrics = settings(Signal.METRICS);
		SignalExportSettings logs = settings(Signal.LOGS);
		if (traces == null && metrics == null && logs == null) {
			logger.info("OpenTelemetry export is off: no OTLP endpoint is set ('openframe.telemetry.otlp.endpoint' "
					+ "or OTEL_EXPORTER_OTLP_ENDPOINT). Telemetry stays local: trace ids in logs, metrics at "
					+ "/actuator/prometheus.");
		}
		return OpenTelemetrySdk.builder()
			.setTracerProvider(tracerProvider(traces, customizers))
			.setMeterProvider(meterProvider(metrics, metricProducers, customizers))
			.setLoggerProvider(loggerProvider(logs, customizers))
			.setPropagators(ContextPropagators.create(TextMapPropagator
				.composite(W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
			.build();
	}

	private @Nullable SignalExportSettings settings(Signal signal) {
		SignalExportSettings settings = SignalExportSettings.resolve(this.properties, signal);
		if (settings != null && settings.protocol() == OtlpProtocol.GRPC) {
			boolean perSignal = switch (signal) {
				case TRACES -> this.properties.getTraces().getProtocol() != null;
				case METRICS -> this.properties.getMetrics().getProtocol() != null;
				case LOGS -> this.properties.getLogs().getProtocol() != null;
			};
			this.exporters.checkGrpcSender(TelemetryProperties.PREFIX + "."
					+ (perSignal ? signal.tagValue() : "otlp") + ".protocol");
		}
		if (settings != null) {
			this.statistics.markExported(signal);
		}
		return settings;
	}

	private SdkTracerProvider tracerProvider(@Nullable SignalExportSettings settings,
			List<SdkProvidersCustomizer> customizers) {
		TelemetryProperties.Traces traces = this.properties.getTraces();
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder()
			.setResource(this.resource)
			.setSampler(sampler(traces.getSampler(), traces.getSamplerRatio()));
		if (settings != null) {
			TelemetryProperties.Batch batch = traces.getBatch();
			builder.addSpanProcessor(BatchSpanProcessor
				.builder(new MonitoredSpanExporter(
						this.exporters.spanExporter(settings.withTimeoutAtMost(batch.getExportTimeout())),
						this.statistics))
				.setScheduleDelay(batch.getScheduleDelay())
				.setMaxQueueSize(batch.getMaxQueueSize())
				.setMaxExportBatchSize(Math.min(batch.getMaxExportBatchSize(), batch.getMaxQueueSize()))
				.setExporterTimeout(batch.getExportTimeout())
				.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
				.setMeterProvider(new DroppedItemsMeterProvider(this.statistics.get(Signal.TRACES),
						"otel.sdk.processor.span.processed"))
				.build());
		}
		customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private SdkMeterProvider meterProvider(@Nullable SignalExportSettings settings,
			List<MetricProducer> metricProducers, List<SdkProvidersCustomizer> customizers) {
		SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(this.resource);
		if (settings != null) {
			builder.registerMetricReader(PeriodicMetricReader
				.builder(new MonitoredMetricExporter(this.exporters.metricExporter(settings), this.statistics))
				.setInterval(this.properties.getMetrics().getExportInterval())
				.build());
			metricProducers.forEach(builder::registerMetricProducer);
		}
		customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private SdkLoggerProvider loggerProvider(@Nullable SignalExportSettings settings,
			List<SdkProvidersCustomizer> customizers) {
		SdkLoggerProviderBuilder builder = SdkLoggerProvider.builder().setResource(this.resource);
		if (settings != null) {
			builder.addLogRecordProcessor(BatchLogRecordProcessor
				.builder(new MonitoredLogRecordExporter(this.exporters.logRecordExporter(settings), this.statistics))
				.setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
				.setMeterProvider(new DroppedItemsMeterProvider(this.statistics.get(Signal.LOGS),
						"otel.sdk.processor.log.processed"))
				.build());
		}
		customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	static Sampler sampler(SamplerType type, double ratio) {
		return switch (type) {
			case ALWAYS_ON -> Sampler.alwaysOn();
			case ALWAYS_OFF -> Sampler.alwaysOff();
			case TRACEIDRATIO -> Sampler.traceIdRatioBased(ratio);
			case PARENTBASED_ALWAYS_ON -> Sampler.parentBased(Sampler.alwaysOn());
			case PARENTBASED_ALWAYS_OFF -> Sampler.parentBased(Sampler.alwaysOff());
			case PARENTBASED_TRACEIDRATIO -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
		};
	}

}
