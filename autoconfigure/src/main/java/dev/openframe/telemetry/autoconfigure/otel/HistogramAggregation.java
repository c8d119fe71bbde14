package dev.openframe.telemetry.autoconfigure.otel;

/**
 * How histograms are aggregated for OTLP, named as in
 * {@code OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION}.
 */
public enum HistogramAggregation {

	/** Buckets at fixed boundaries: Micrometer's, or the SDK's defaults for API instruments. */
	EXPLICIT_BUCKET_HISTOGRAM("explicit_bucket_histogram"),

	/**
	 * Base-2 exponential buckets whose scale adapts to the recorded values (OTLP
	 * ExponentialHistogram), aggregated by the OpenTelemetry SDK.
	 */
	BASE2_EXPONENTIAL_BUCKET_HISTOGRAM("base2_exponential_bucket_histogram");

	private final String value;

	HistogramAggregation(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
