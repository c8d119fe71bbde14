package dev.openframe.telemetry.otel.internal.metrics;

/**
 * The shapes a Micrometer meter takes in OTLP.
 */
enum MetricKind {

	/** Monotonic cumulative sum. */
	SUM,

	/** Last value. */
	GAUGE,

	/** Cumulative explicit-bucket histogram. */
	HISTOGRAM

}
