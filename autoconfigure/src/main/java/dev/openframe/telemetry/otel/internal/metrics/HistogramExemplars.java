package dev.openframe.telemetry.otel.internal.metrics;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;

/**
 * Where the exemplars of Micrometer histograms come from during one collection.
 */
interface HistogramExemplars {

	/** No exemplars at all. */
	HistogramExemplars NONE = (id, afterEpochNanos) -> List.of();

	/**
	 * The exemplars of one timer or distribution summary, values in the unit of its OTLP point.
	 * @param id the meter
	 * @param afterEpochNanos only exemplars sampled after this moment
	 * @return the exemplars, possibly none
	 */
	List<DoubleExemplarData> exemplars(Meter.Id id, long afterEpochNanos);

}
