package dev.openframe.telemetry.autoconfigure.otel;

/**
 * Where one signal is exported, named as in {@code OTEL_TRACES_EXPORTER},
 * {@code OTEL_METRICS_EXPORTER} and {@code OTEL_LOGS_EXPORTER}.
 */
public enum ExporterType {

	/** To the OTLP endpoint, when one is set. */
	OTLP("otlp"),

	/**
	 * Printed in a human-readable form, for local debugging: spans and metrics through
	 * {@code java.util.logging} (so through the application's logging), log records to standard
	 * output. Needs {@code io.opentelemetry:opentelemetry-exporter-logging}.
	 */
	CONSOLE("console"),

	/** Nowhere. */
	NONE("none");

	private final String value;

	ExporterType(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
