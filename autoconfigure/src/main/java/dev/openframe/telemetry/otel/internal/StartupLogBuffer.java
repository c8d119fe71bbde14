package dev.openframe.telemetry.otel.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps the log events of an application's start-up, written before the OpenTelemetry SDK
 * exists, so that {@link LogbackOtlpAppender} can export them once it does. It is OpenTelemetry's
 * Logback appender attached to the root logger without an SDK, which then holds up to
 * {@value #CAPACITY} events (and drops further ones) until the SDK is installed in it. If no
 * {@link LogbackOtlpAppender} takes it over, {@link #releaseIfUnclaimed()} detaches it and the
 * events are dropped.
 */
public final class StartupLogBuffer {

	/** Most events held until the SDK exists. */
	public static final int CAPACITY = 1000;

	private final FilteringOpenTelemetryAppender appender;

	private final AtomicBoolean handedOver = new AtomicBoolean();

	private StartupLogBuffer(FilteringOpenTelemetryAppender appender) {
		this.appender = appender;
	}

	/**
	 * Attaches a buffering appender to Logback's root logger. Nothing but the SDK's own events is
	 * left out yet: the loggers to leave out are known once the beans exist, and no request is
	 * served before.
	 * @return the buffer, or {@code null} when Logback is not the SLF4J backend
	 */
	public static @Nullable StartupLogBuffer attach() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return null;
		}
		FilteringOpenTelemetryAppender appender = new FilteringOpenTelemetryAppender(context);
		appender.setNumLogsCapturedBeforeOtelInstall(CAPACITY);
		appender.start();
		root(context).addAppender(appender);
		return new StartupLogBuffer(appender);
	}

	/**
	 * Hands the attached appender over, once: the caller installs the SDK in it, which exports
	 * the held events, and detaches it when done.
	 * @return the appender, or {@code null} if it was handed over or released before
	 */
	@Nullable FilteringOpenTelemetryAppender takeOver() {
		return this.handedOver.compareAndSet(false, true) ? this.appender : null;
	}

	/**
	 * Detaches the appender and drops the held events, unless it was handed over to a
	 * {@link LogbackOtlpAppender}: the application has no SDK of the starter to export them.
	 */
	public void releaseIfUnclaimed() {
		if (this.handedOver.compareAndSet(false, true)) {
			if (this.appender.getContext() instanceof LoggerContext context) {
				root(context).detachAppender(this.appender);
			}
			this.appender.stop();
		}
	}

	private static Logger root(LoggerContext context) {
		return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

}
