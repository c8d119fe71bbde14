package dev.openframe.telemetry.otel.internal;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Attaches OpenTelemetry's Logback appender to the root logger, so that every application log
 * event becomes an OTLP log record carrying the trace and span ids, the MDC and the SLF4J
 * key-value pairs. Events of the OpenTelemetry SDK itself are not exported: a failing export
 * would otherwise log, export that log, fail again, and feed on itself. Loggers can be left out
 * by name prefix, such as the per-request log event, whose fields the server span already
 * carries.
 */
public final class LogbackOtlpAppender implements InitializingBean, DisposableBean {

	/** Name of the appender in the Logback configuration. */
	public static final String APPENDER_NAME = "OPENFRAME_TELEMETRY_OTLP";

	static {
		// The appender's mapper is the first instrumentation code many applications run.
		StableSemconvOptIn.database();
	}

	private final OpenTelemetry openTelemetry;

	private final SelfFilteringAppender appender;

	/**
	 * Creates the appender.
	 * @param openTelemetry where log records go
	 * @param excludedLoggers logger name prefixes whose events are not exported
	 */
	public LogbackOtlpAppender(OpenTelemetry openTelemetry, List<String> excludedLoggers) {
		this.openTelemetry = openTelemetry;
		List<String> excluded = new ArrayList<>(excludedLoggers);
		excluded.add("io.opentelemetry.");
		this.appender = new SelfFilteringAppender(excluded.toArray(String[]::new));
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		this.appender.setContext(context);
		this.appender.setName(APPENDER_NAME);
		this.appender.setCaptureMdcAttributes("*");
		this.appender.setCaptureKeyValuePairAttributes(true);
		this.appender.setOpenTelemetry(this.openTelemetry);
		this.appender.start();
		root(context).addAppender(this.appender);
	}

	@Override
	public void destroy() {
		if (this.appender.getContext() instanceof LoggerContext context) {
			root(context).detachAppender(this.appender);
		}
		this.appender.stop();
	}

	private static Logger root(LoggerContext context) {
		return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	private static final class SelfFilteringAppender extends OpenTelemetryAppender {

		private final String[] excludedPrefixes;

		SelfFilteringAppender(String[] excludedPrefixes) {
			this.excludedPrefixes = excludedPrefixes;
		}

		@Override
		protected void append(ILoggingEvent event) {
			String name = event.getLoggerName();
			for (String prefix : this.excludedPrefixes) {
				if (name.startsWith(prefix)) {
					return;
				}
			}
			super.append(event);
		}

	}

}
