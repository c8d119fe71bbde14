package dev.openframe.telemetry.autoconfigure.logging;

import java.time.Duration;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of console logging, under {@code openframe.telemetry.logging}.
 */
@ConfigurationProperties("openframe.telemetry.logging")
public class ConsoleLoggingProperties implements InitializingBean {

	/** Name of the flush interval property, as errors report it. */
	static final String FLUSH_INTERVAL_PROPERTY = "openframe.telemetry.logging.console-flush-interval";

	/**
	 * Longest time an INFO (or lower) event waits before it is written to the console: events
	 * are buffered and written out together, one system call per interval instead of one per
	 * event. WARN and ERROR events are written at once, with everything before them. 0 writes
	 * every event at once, as Spring Boot does.
	 */
	private Duration consoleFlushInterval = Duration.ofMillis(100);

	@Override
	public void afterPropertiesSet() {
		if (this.consoleFlushInterval == null || this.consoleFlushInterval.isNegative()) {
			throw new InvalidTelemetryPropertyException(FLUSH_INTERVAL_PROPERTY, this.consoleFlushInterval,
					"be 0 (write every event at once) or a positive duration such as '100ms'");
		}
	}

	public Duration getConsoleFlushInterval() {
		return this.consoleFlushInterval;
	}

	public void setConsoleFlushInterval(Duration consoleFlushInterval) {
		this.consoleFlushInterval = consoleFlushInterval;
	}

}
