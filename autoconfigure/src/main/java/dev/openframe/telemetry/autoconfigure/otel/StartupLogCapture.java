package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.otel.internal.LogbackOtlpAppender;
import dev.openframe.telemetry.otel.internal.Signal;
import dev.openframe.telemetry.otel.internal.StartupLogBuffer;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Holds the log events of start-up, written before the OpenTelemetry SDK exists, for
 * {@link LogbackOtlpAppender} to export: right after Spring Boot has set up logging, when logs
 * are to be exported, it attaches a {@link StartupLogBuffer}, which the appender bean takes over.
 * Once the application has started (or failed), a buffer nobody took over (the application has
 * its own SDK, say) is detached and its events dropped. With telemetry off, log export off or no
 * endpoint, nothing is attached.
 */
final class StartupLogCapture implements GenericApplicationListener {

	/** Name of the buffer's singleton in the application context. */
	static final String BEAN_NAME = "openframeTelemetryStartupLogBuffer";


	private @Nullable StartupLogBuffer buffer;

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.getRawClass();
		return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationStartedEvent.class.isAssignableFrom(type)
				|| ApplicationFailedEvent.class.isAssignableFrom(type));
	}

	@Override
	public int getOrder() {
		// Right after logging is set up: Logback's reset would detach anything attached before.
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			ConfigurableEnvironment environment = prepared.getEnvironment();
			ClassLoader classLoader = prepared.getSpringApplication().getClassLoader();
			if (this.buffer == null && exportsLogs(environment) && hasLogbackAppender(classLoader)) {
				this.buffer = StartupLogBuffer.attach();
			}
		}
		else if (event instanceof ApplicationPreparedEvent prepared) {
			if (this.buffer != null) {
				prepared.getApplicationContext().getBeanFactory().registerSingleton(BEAN_NAME, this.buffer);
			}
		}
		else if (this.buffer != null) {
			// Started or failed: by now the appender bean has taken the buffer over, or never will.
			this.buffer.releaseIfUnclaimed();
			this.buffer = null;
		}
	}

	/** The same decision as the Logback configuration's condition, before any bean exists. */
	private static boolean exportsLogs(ConfigurableEnvironment environment) {
		return OnSignalExportCondition.exported(environment, Signal.LOGS);
	}

	private static boolean hasLogbackAppender(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", classLoader)
				&& ClassUtils.isPresent("io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender",
						classLoader)
				&& ClassUtils.isPresent("io.opentelemetry.sdk.OpenTelemetrySdk", classLoader);
	}

}
