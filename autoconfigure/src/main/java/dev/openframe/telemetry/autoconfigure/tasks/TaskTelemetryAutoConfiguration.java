package dev.openframe.telemetry.autoconfigure.tasks;

import java.util.function.Supplier;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.logging.ConsoleLoggingAutoConfiguration;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.tasks.internal.TaskMethods;
import dev.openframe.telemetry.tasks.internal.TaskTracingPostProcessor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of spans for work inside the application that does not start with an HTTP
 * request: {@code @Scheduled} runs, {@code @Async} and asynchronous {@code @EventListener}
 * executions, {@code @Retryable} calls and their attempts, {@code @WithSpan} methods, the trace
 * context in the application's own executors, and trace ids in the MDC of every log event.
 */
@AutoConfiguration(after = { TelemetrySdkAutoConfiguration.class, ConsoleLoggingAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration")
@ConditionalOnClass(name = { "io.opentelemetry.api.trace.Tracer", "io.opentelemetry.semconv.CodeAttributes",
		"org.springframework.aop.framework.ProxyFactory" })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.tasks.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TaskTelemetryProperties.class)
@Import({ TaskTelemetryConfigurations.ScheduledSpans.class, TaskTelemetryConfigurations.LogCorrelation.class })
public final class TaskTelemetryAutoConfiguration {

	/** Instrumentation scope of the task spans. */
	static final String INSTRUMENTATION_NAME = "dev.openframe.telemetry.tasks";

	TaskTelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	static TaskTracingPostProcessor taskTracingPostProcessor(ObjectProvider<OpenTelemetry> openTelemetry,
			Environment environment) {
		// A post-processor is made before properties beans: bind its switches directly.
		TaskTelemetryProperties properties = Binder.get(environment)
			.bindOrCreate("openframe.telemetry.tasks", TaskTelemetryProperties.class);
		TaskMethods methods = new TaskMethods(properties.getWithSpan().isEnabled(), properties.getAsync().isEnabled(),
				properties.getRetry().isEnabled());
		return new TaskTracingPostProcessor(methods, tracer(openTelemetry), properties.getAsync().isEnabled());
	}

	/** The tracer, looked up at the first span: never while beans are being post-processed. */
	static Supplier<Tracer> tracer(ObjectProvider<OpenTelemetry> openTelemetry) {
		return SingletonSupplier
			.of(() -> openTelemetry.getIfAvailable(OpenTelemetry::noop).getTracer(INSTRUMENTATION_NAME));
	}

}
