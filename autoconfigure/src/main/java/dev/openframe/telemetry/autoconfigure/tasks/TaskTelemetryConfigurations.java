package dev.openframe.telemetry.autoconfigure.tasks;

import java.util.List;

import dev.openframe.telemetry.logging.internal.ConsoleBuffering;
import dev.openframe.telemetry.otel.internal.LogbackOtlpAppender;
import dev.openframe.telemetry.tasks.internal.MdcCorrelation;
import dev.openframe.telemetry.tasks.internal.ScheduledTaskSpans;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The parts of {@link TaskTelemetryAutoConfiguration} that need optional libraries.
 */
final class TaskTelemetryConfigurations {

	private TaskTelemetryConfigurations() {
	}

	/**
	 * Spans of {@code @Scheduled} runs, from Spring's {@code tasks.scheduled.execution} observation,
	 * which Spring Boot enables when it has an {@code ObservationRegistry} (the actuator). With
	 * Micrometer Tracing's OpenTelemetry bridge, that bridge already makes the span.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.micrometer.observation.ObservationHandler",
			"org.springframework.scheduling.support.ScheduledTaskObservationContext" })
	@ConditionalOnBooleanProperty(name = "openframe.telemetry.tasks.scheduled.enabled", matchIfMissing = true)
	@ConditionalOnMissingBean(type = "io.micrometer.tracing.otel.bridge.OtelTracer")
	static class ScheduledSpans {

		@Bean
		@ConditionalOnMissingBean
		ScheduledTaskSpans scheduledTaskSpans(ObjectProvider<OpenTelemetry> openTelemetry) {
			return new ScheduledTaskSpans(TaskTelemetryAutoConfiguration.tracer(openTelemetry));
		}

	}

	/** Trace ids in the MDC of every log event, through OpenTelemetry's Logback MDC appender. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "ch.qos.logback.classic.LoggerContext",
			"io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender" })
	@ConditionalOnBooleanProperty(name = "openframe.telemetry.tasks.log-correlation.enabled", matchIfMissing = true)
	static class LogCorrelation {

		@Bean
		@ConditionalOnMissingBean
		MdcCorrelation mdcCorrelation(ObjectProvider<ConsoleBuffering> consoleBuffering) {
			// Console buffering looks for console appenders on the root logger: it goes first.
			consoleBuffering.ifAvailable((buffering) -> {
			});
			return new MdcCorrelation(List.of(LogbackOtlpAppender.APPENDER_NAME));
		}

	}

}
