package dev.openframe.telemetry.otel.internal;

import java.util.Locale;

/**
 * The three OpenTelemetry signals, as named in tags, health details and log lines.
 */
public enum Signal {

	/** Spans. */
	TRACES,

	/** Metric data points. */
	METRICS,

	/** Log records. */
	LOGS;

	private final String tagValue = name().toLowerCase(Locale.ROOT);

	/**
	 * Lower-case name used as tag value and health detail key.
	 * @return the signal's name, such as {@code traces}
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
