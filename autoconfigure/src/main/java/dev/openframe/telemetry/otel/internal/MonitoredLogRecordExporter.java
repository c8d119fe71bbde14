package dev.openframe.telemetry.otel.internal;

import java.util.Collection;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;

/**
 * {@link LogRecordExporter} that records the outcome of every export in
 * {@link ExportStatistics}.
 */
public final class MonitoredLogRecordExporter implements LogRecordExporter {

	private final LogRecordExporter delegate;

	private final ExportStatistics statistics;

	public MonitoredLogRecordExporter(LogRecordExporter delegate, ExportStatistics statistics) {
		this.delegate = delegate;
		this.statistics = statistics;
	}

	@Override
	public CompletableResultCode export(Collection<LogRecordData> logs) {
		return this.statistics.recordWhenComplete(Signal.LOGS, logs.size(), this.delegate.export(logs));
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
		return "MonitoredLogRecordExporter{" + this.delegate + "}";
	}

}
