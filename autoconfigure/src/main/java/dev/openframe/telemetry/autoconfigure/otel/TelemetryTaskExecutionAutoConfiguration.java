package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.otel.internal.TelemetryContextTaskDecorator;
import io.opentelemetry.context.Context;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Decorates Spring Boot's task executors so that tasks run in the submitting request's trace
 * and MDC. Spring Boot combines this decorator with any of the application's own.
 */
@AutoConfiguration(before = TaskExecutionAutoConfiguration.class)
@ConditionalOnClass({ Context.class, org.slf4j.MDC.class })
@ConditionalOnTelemetryEnabled
public final class TelemetryTaskExecutionAutoConfiguration {

	TelemetryTaskExecutionAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TelemetryContextTaskDecorator telemetryContextTaskDecorator() {
		return new TelemetryContextTaskDecorator();
	}

}
