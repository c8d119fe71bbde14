package dev.openframe.telemetry.tasks.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Puts {@code trace_id} and {@code span_id} into the MDC of every log event written while a span
 * is current, on any thread: OpenTelemetry's Logback MDC appender is wrapped around each appender
 * of the Logback configuration. It reads the current span only when an event is written, and
 * leaves an event alone whose MDC already has a {@code trace_id} (a request, whose filter put the
 * ids there), so the request path does no extra work but a map lookup per log event.
 */
public final class MdcCorrelation implements InitializingBean, DisposableBean {

	/** Name of each wrapping appender, followed by the name of the appender it wraps. */
	static final String NAME_PREFIX = "OPENFRAME_TELEMETRY_MDC_";

	private final List<String> skipped;

	private final List<Wrapped> wrapped = new ArrayList<>();

	/**
	 * Creates the installer.
	 * @param skipped names of appenders left unwrapped (the OTLP appender reads the span itself)
	 */
	public MdcCorrelation(List<String> skipped) {
		this.skipped = List.copyOf(skipped);
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		for (Logger logger : context.getLoggerList()) {
			List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				Appender<ILoggingEvent> appender = it.next();
				if (!(appender instanceof OpenTelemetryAppender) && !isSkipped(appender)) {
					appenders.add(appender);
				}
			}
			for (Appender<ILoggingEvent> appender : appenders) {
				wrap(context, logger, appender);
			}
		}
	}

	/** Appenders may have no name (Logback does not require one). */
	private boolean isSkipped(Appender<ILoggingEvent> appender) {
		String name = appender.getName();
		return name != null && this.skipped.contains(name);
	}

	private void wrap(LoggerContext context, Logger logger, Appender<ILoggingEvent> appender) {
		OpenTelemetryAppender wrapper = new OpenTelemetryAppender();
		wrapper.setContext(context);
		wrapper.setName(NAME_PREFIX + appender.getName());
		wrapper.addAppender(appender);
		wrapper.start();
		// Attached before the original is detached, so that no event is lost in between.
		logger.addAppender(wrapper);
		logger.detachAppender(appender);
		this.wrapped.add(new Wrapped(logger, wrapper, appender));
	}

	@Override
	public void destroy() {
		for (Wrapped each : this.wrapped) {
			if (each.logger.isAttached(each.wrapper)) {
				each.logger.addAppender(each.original);
				each.logger.detachAppender(each.wrapper);
				// Not stopped: stopping the wrapper would stop the appender it hands back.
			}
		}
		this.wrapped.clear();
	}

	private record Wrapped(Logger logger, OpenTelemetryAppender wrapper, Appender<ILoggingEvent> original) {
	}

}
