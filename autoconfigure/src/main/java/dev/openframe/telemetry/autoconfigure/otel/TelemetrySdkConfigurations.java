package dev.openframe.telemetry.autoconfigure.otel;

import java.util.List;

import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.ExportStatisticsMeterBinder;
import dev.openframe.telemetry.otel.internal.LogExportExclusions;
import dev.openframe.telemetry.otel.internal.LogbackOtlpAppender;
import dev.openframe.telemetry.otel.internal.StartupLogBuffer;
import dev.openframe.telemetry.otel.internal.metrics.ExponentialHistogramMeterRegistry;
import dev.openframe.telemetry.otel.internal.metrics.MicrometerMetricProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Optional parts of {@link TelemetrySdkAutoConfiguration}, each present only when its library is.
 */
final class TelemetrySdkConfigurations {

	private TelemetrySdkConfigurations() {
	}

	/** Micrometer meters exported over OTLP, and the export's own counters. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MicrometerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MicrometerMetricProducer micrometerMetricProducer(ObjectProvider<MeterRegistry> meterRegistry,
				TelemetryProperties properties, ObjectProvider<ExponentialHistogramMeterRegistry> sdkHistograms,
				ObjectProvider<ExemplarFilter> exemplarFilter) {
			// Histogram exemplars sampled by the Prometheus registry pass the same filter as the SDK's.
			ExemplarFilter filter = exemplarFilter
				.getIfAvailable(() -> properties.getMetrics().getExemplarFilter().create());
			ExponentialHistogramMeterRegistry exponential = sdkHistograms.getIfAvailable();
			if (exponential == null) {
				return new MicrometerMetricProducer(meterRegistry::getIfUnique,
						properties.getMetrics().getTemporality().selector(), (id) -> false, filter);
			}
			// Histograms of timers and summaries go through the SDK; the rest is read as usual.
			return new MicrometerMetricProducer(() -> exponential.readable(meterRegistry.getIfUnique()),
					properties.getMetrics().getTemporality().selector(), exponential::isExported, filter);
		}

		@Bean
		@ConditionalOnMissingBean
		ExportStatisticsMeterBinder exportStatisticsMeterBinder(ExportStatistics statistics) {
			return new ExportStatisticsMeterBinder(statistics);
		}

	}

	/**
	 * {@code metrics.histogram-aggregation: base2_exponential_bucket_histogram}: every SDK
	 * histogram aggregates into base-2 exponential buckets, and a Micrometer registry joins the
	 * application's composite registry to hand timer and distribution summary values to SDK
	 * histograms (see {@link ExponentialHistogramMeterRegistry} for why the values and not
	 * Micrometer's buckets). With Spring AOT this is decided at build time.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnExponentialHistogramsCondition.class)
	static class ExponentialHistogramConfiguration {

		@Bean
		SdkMeterProviderBuilderCustomizer exponentialHistogramView() {
			return (builder) -> builder.registerView(
					InstrumentSelector.builder().setType(InstrumentType.HISTOGRAM).build(),
					View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
		static class MicrometerHistogramsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ExponentialHistogramMeterRegistry exponentialHistogramMeterRegistry() {
				return new ExponentialHistogramMeterRegistry();
			}

			// Bound once every singleton exists: the meter provider needs the producer, which reads registries.
			@Bean
			SmartInitializingSingleton exponentialHistogramMeterRegistryBinding(
					ExponentialHistogramMeterRegistry registry, ObjectProvider<SdkMeterProvider> meterProvider) {
				return () -> meterProvider.ifAvailable(registry::bind);
			}

		}

	}

	/** Application logs exported over OTLP through Logback, when a log record processor takes them. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "ch.qos.logback.classic.LoggerContext",
			"io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender" })
	@ConditionalOnBean(LogRecordProcessor.class)
	static class LogbackConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@Nullable LogbackOtlpAppender logbackOtlpAppender(OpenTelemetrySdk openTelemetrySdk,
				ObjectProvider<LogExportExclusions> exclusions, ObjectProvider<StartupLogBuffer> startupLogs,
				ObjectProvider<LogRecordProcessor> processors) {
			if (processors.orderedStream().findAny().isEmpty()) {
				// After AOT processing the processor bean may be null: logs are not exported.
				return null;
			}
			List<String> excluded = exclusions.orderedStream()
				.flatMap((exclusion) -> exclusion.loggerPrefixes().stream())
				.toList();
			// The start-up events held since logging was set up are exported first (StartupLogCapture).
			return new LogbackOtlpAppender(openTelemetrySdk, excluded, startupLogs.getIfAvailable());
		}

	}

}
