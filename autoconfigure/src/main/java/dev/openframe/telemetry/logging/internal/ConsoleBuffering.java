package dev.openframe.telemetry.logging.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Puts a {@link ConsoleBuffer} under each console appender of the root logger, so that console
 * logging costs one write per flush interval rather than one per event. A WARN or ERROR event
 * is written out at once, together with everything before it, so the lines that explain a crash
 * are not left in the buffer; INFO and below wait at most one interval. Everything is written
 * out when the application context or Logback stops. Events still reach {@code System.out} (or
 * {@code System.err}) as before, whole and in order.
 */
public final class ConsoleBuffering implements InitializingBean, DisposableBean {

	private static final String THREAD_NAME = "openframe-console-flush";

	private final Duration flushInterval;

	private final List<Buffered> buffered = new ArrayList<>();

	private @Nullable ScheduledExecutorService flusher;

	/**
	 * Creates the buffering.
	 * @param flushInterval longest time an INFO event waits in the buffer; 0 for no buffering
	 */
	public ConsoleBuffering(Duration flushInterval) {
		if (flushInterval.isNegative()) {
			throw new IllegalArgumentException("flushInterval must not be negative, not " + flushInterval);
		}
		this.flushInterval = flushInterval;
	}

	@Override
	public void afterPropertiesSet() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (this.flushInterval.isZero() || !(factory instanceof LoggerContext context)) {
			return;
		}
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
			if (it.next() instanceof ConsoleAppender<ILoggingEvent> console && console.isStarted()
					&& !(console.getOutputStream() instanceof ConsoleBuffer)) {
				ConsoleBuffer buffer = new ConsoleBuffer(console.getOutputStream());
				UrgentEvents filter = new UrgentEvents();
				console.addFilter(filter);
				console.setOutputStream(buffer);
				this.buffered.add(new Buffered(console, buffer, filter));
			}
		}
		if (!this.buffered.isEmpty()) {
			this.flusher = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, THREAD_NAME);
				thread.setDaemon(true);
				return thread;
			});
			long nanos = this.flushInterval.toNanos();
			this.flusher.scheduleWithFixedDelay(this::drainAll, nanos, nanos, TimeUnit.NANOSECONDS);
		}
	}

	/** Writes out every buffer now. */
	private void drainAll() {
		for (Buffered each : this.buffered) {
			try {
				each.buffer.drain();
			}
			catch (IOException ex) {
				// The console is gone; the appender reports its own write failures.
			}
		}
	}

	/**
	 * Gives each appender its own stream back, writing out what was buffered, and stops the
	 * flushing thread.
	 */
	@Override
	public void destroy() {
		if (this.flusher != null) {
			this.flusher.shutdownNow();
		}
		for (Buffered each : this.buffered) {
			each.restore();
		}
		this.buffered.clear();
	}

	private record Buffered(ConsoleAppender<ILoggingEvent> console, ConsoleBuffer buffer, UrgentEvents filter) {

		void restore() {
			if (this.console.getOutputStream() == this.buffer) {
				// Closes the buffer, which writes out what it holds.
				this.console.setOutputStream(this.buffer.console());
			}
			List<Filter<ILoggingEvent>> others = new ArrayList<>(this.console.getCopyOfAttachedFiltersList());
			others.remove(this.filter);
			this.console.clearAllFilters();
			others.forEach(this.console::addFilter);
		}

	}

	/** Decides nothing; marks WARN and ERROR events so that the buffer writes them out at once. */
	private static final class UrgentEvents extends Filter<ILoggingEvent> {

		UrgentEvents() {
			start();
		}

		@Override
		public FilterReply decide(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
				ConsoleBuffer.markUrgent();
			}
			return FilterReply.NEUTRAL;
		}

	}

}
