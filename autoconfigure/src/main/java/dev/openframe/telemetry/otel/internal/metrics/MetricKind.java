package dev.openframe.telemetry.otel.internal.metrics;

/**
 * The shapes a Micrometer meter takes in OTLP.
 */
enum MetricKind {

	/** Monotonic sum. */
	SUM,

	/** Last value. */
	GAUGE,

	/** Explicit-bucket histogram. */
	HISTOGRAM

}
