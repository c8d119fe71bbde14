package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.ExportStatisticsMeterBinder;
import dev.openframe.telemetry.otel.internal.LogbackOtlpAppender;
import dev.openframe.telemetry.otel.internal.StartupLogBuffer;
import dev.openframe.telemetry.otel.internal.metrics.MicrometerMetricProducer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
				TelemetryProperties properties) {
			return new MicrometerMetricProducer(meterRegistry::getIfUnique,
					properties.getMetrics().getTemporality().selector());
		}

		@Bean
		@ConditionalOnMissingBean
		ExportStatisticsMeterBinder exportStatisticsMeterBinder(ExportStatistics statistics) {
			return new ExportStatisticsMeterBinder(statistics);
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
		@Nullable LogbackOtlpAppender logbackOtlpAppender(OpenTelemetrySdk openTelemetrySdk, Environment environment,
				ObjectProvider<StartupLogBuffer> startupLogs, ObjectProvider<LogRecordProcessor> processors) {
			if (processors.orderedStream().findAny().isEmpty()) {
				// After AOT processing the processor bean may be null: logs are not exported.
				return null;
			}
			// The start-up events held since logging was set up are exported first (StartupLogCapture).
			return new LogbackOtlpAppender(openTelemetrySdk, StartupLogCapture.excludedLoggers(environment),
					startupLogs.getIfAvailable());
		}

	}

}
