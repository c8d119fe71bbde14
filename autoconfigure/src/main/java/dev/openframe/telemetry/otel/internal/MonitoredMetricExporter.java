package dev.openframe.telemetry.otel.internal;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;

/**
 * {@link MetricExporter} that records the outcome of every export in {@link ExportStatistics};
 * the item count is the number of metrics in the export.
 */
public final class MonitoredMetricExporter implements MetricExporter {

	private final MetricExporter delegate;

	private final ExportStatistics statistics;

	public MonitoredMetricExporter(MetricExporter delegate, ExportStatistics statistics) {
		this.delegate = delegate;
		this.statistics = statistics;
	}

	@Override
	public CompletableResultCode export(Collection<MetricData> metrics) {
		return this.statistics.recordWhenComplete(Signal.METRICS, metrics.size(), this.delegate.export(metrics));
	}

	@Override
	public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
		return this.delegate.getAggregationTemporality(instrumentType);
	}

	@Override
	public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
		return this.delegate.getDefaultAggregation(instrumentType);
	}

	@Override
	public MemoryMode getMemoryMode() {
		return this.delegate.getMemoryMode();
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public String toString() {
		return "MonitoredMetricExporter{" + this.delegate + "}";
	}

}
