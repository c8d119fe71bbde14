package dev.openframe.telemetry.otel.internal;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;
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
 * carries. Given a {@link StartupLogBuffer}, it takes over that appender instead, exporting the
 * start-up events held there.
 */
public final class LogbackOtlpAppender implements InitializingBean, DisposableBean {

	/** Name of the appender in the Logback configuration. */
	public static final String APPENDER_NAME = "OPENFRAME_TELEMETRY_OTLP";

	static {
		// The appender's mapper is the first instrumentation code many applications run.
		StableSemconvOptIn.database();
	}

	private final OpenTelemetry openTelemetry;

	private final List<String> excludedLoggers;

	private final @Nullable StartupLogBuffer startupLogs;

	private @Nullable FilteringOpenTelemetryAppender appender;

	/**
	 * Creates the appender.
	 * @param openTelemetry where log records go
	 * @param excludedLoggers logger name prefixes whose events are not exported
	 */
	public LogbackOtlpAppender(OpenTelemetry openTelemetry, List<String> excludedLoggers) {
		this(openTelemetry, excludedLoggers, null);
	}

	/**
	 * Creates the appender that exports the start-up events of a buffer.
	 * @param openTelemetry where log records go
	 * @param excludedLoggers logger name prefixes whose events are not exported
	 * @param startupLogs the start-up events to export first, or {@code null} for none
	 */
	public LogbackOtlpAppender(OpenTelemetry openTelemetry, List<String> excludedLoggers,
			@Nullable StartupLogBuffer startupLogs) {
		this.openTelemetry = openTelemetry;
		this.excludedLoggers = List.copyOf(excludedLoggers);
		this.startupLogs = startupLogs;
	}

	@Override
	public void afterPropertiesSet() {
		FilteringOpenTelemetryAppender startup = (this.startupLogs != null) ? this.startupLogs.takeOver() : null;
		if (startup != null) {
			// Already attached since start-up: installing the SDK exports what it held, in order.
			startup.exclude(this.excludedLoggers);
			startup.setOpenTelemetry(this.openTelemetry);
			this.appender = startup;
			return;
		}
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		FilteringOpenTelemetryAppender created = new FilteringOpenTelemetryAppender(context);
		created.exclude(this.excludedLoggers);
		created.setOpenTelemetry(this.openTelemetry);
		created.start();
		root(context).addAppender(created);
		this.appender = created;
	}

	@Override
	public void destroy() {
		FilteringOpenTelemetryAppender attached = this.appender;
		if (attached == null) {
			return;
		}
		if (attached.getContext() instanceof LoggerContext context) {
			root(context).detachAppender(attached);
		}
		attached.stop();
	}

	private static Logger root(LoggerContext context) {
		return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
