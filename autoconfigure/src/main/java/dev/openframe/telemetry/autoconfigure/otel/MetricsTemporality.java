package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;

/**
 * Aggregation temporality of exported metrics, named as in
 * {@code OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE}.
 */
public enum MetricsTemporality {

	/** Every sum and histogram counts from the start. */
	CUMULATIVE("cumulative"),

	/** Counters (also asynchronous ones) and histograms report what changed since the last export. */
	DELTA("delta"),

	/** Synchronous counters and histograms report deltas, asynchronous counters cumulative values. */
	LOWMEMORY("lowmemory");

	private final String value;

	MetricsTemporality(String value) {
		this.value = value;
	}

	AggregationTemporalitySelector selector() {
		return switch (this) {
			case CUMULATIVE -> AggregationTemporalitySelector.alwaysCumulative();
			case DELTA -> AggregationTemporalitySelector.deltaPreferred();
			case LOWMEMORY -> AggregationTemporalitySelector.lowMemory();
		};
	}

	@Override
	public String toString() {
		return this.value;
	}

}
