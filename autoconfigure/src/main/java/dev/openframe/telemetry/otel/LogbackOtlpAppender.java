package dev.openframe.telemetry.otel;

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
 * would otherwise log, export that log, fail again, and feed on itself.
 */
public final class LogbackOtlpAppender implements InitializingBean, DisposableBean {

	/** Name of the appender in the Logback configuration. */
	public static final String APPENDER_NAME = "OPENFRAME_TELEMETRY_OTLP";

	private final OpenTelemetry openTelemetry;

	private final SelfFilteringAppender appender = new SelfFilteringAppender();

	public LogbackOtlpAppender(OpenTelemetry openTelemetry) {
		this.openTelemetry = openTelemetry;
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

		@Override
		protected void append(ILoggingEvent event) {
			if (!event.getLoggerName().startsWith("io.opentelemetry.")) {
				super.append(event);
			}
		}

	}

}
