package dev.openframe.telemetry.otel.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import io.opentelemetry.sdk.common.CompletableResultCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Counts of exported, failed and dropped telemetry items per signal, with the time of the last
 * successful and failed export. Written by the export threads, read by meters and health.
 */
public final class ExportStatistics {

	private final Map<Signal, SignalStatistics> signals = new EnumMap<>(Signal.class);

	private final Set<Signal> exported = EnumSet.noneOf(Signal.class);

	private final Clock clock;

	public ExportStatistics() {
		this(Clock.systemUTC());
	}

	ExportStatistics(Clock clock) {
		this.clock = clock;
		for (Signal signal : Signal.values()) {
			this.signals.put(signal, new SignalStatistics(signal));
		}
	}

	/**
	 * Notes that a signal has an exporter, so that health reports on it.
	 * @param signal the exported signal
	 */
	public synchronized void markExported(Signal signal) {
		this.exported.add(signal);
	}

	/**
	 * Returns the signals that have an exporter.
	 * @return a copy of the exported signals
	 */
	public synchronized Set<Signal> exportedSignals() {
		return Set.copyOf(this.exported);
	}

	/**
	 * Returns the statistics of one signal.
	 * @param signal the signal
	 * @return its statistics
	 */
	public SignalStatistics get(Signal signal) {
		return this.signals.get(signal);
	}

	/**
	 * Records the outcome of an export once it completes.
	 * @param signal the exported signal
	 * @param items number of items in the export
	 * @param result the pending result of the export
	 * @return the same result
	 */
	public CompletableResultCode recordWhenComplete(Signal signal, int items, CompletableResultCode result) {
		SignalStatistics statistics = get(signal);
		return result.whenComplete(() -> statistics.record(result, items, this.clock.instant()));
	}

	/** Counters and last outcomes of one signal. */
	public static final class SignalStatistics {

		private static final Log logger = LogFactory.getLog(ExportStatistics.class);

		private final Signal signal;

		private final LongAdder exported = new LongAdder();

		private final LongAdder failed = new LongAdder();

		private final LongAdder dropped = new LongAdder();

		private volatile @Nullable Instant lastSuccess;

		private volatile @Nullable Instant lastFailure;

		private volatile @Nullable String lastError;

		/** The reason last logged, cleared by a success, so that one cause is logged once per outage. */
		private volatile @Nullable String loggedError;

		SignalStatistics(Signal signal) {
			this.signal = signal;
		}

		void record(CompletableResultCode result, int items, Instant now) {
			if (result.isSuccess()) {
				this.exported.add(items);
				this.lastSuccess = now;
				this.loggedError = null;
				return;
			}
			this.failed.add(items);
			this.lastFailure = now;
			String error = ExportFailures.describe(result.getFailureThrowable());
			this.lastError = error;
			if (!error.equals(this.loggedError)) {
				this.loggedError = error;
				logger.warn("OTLP export of " + this.signal.tagValue() + " failed: " + error + ". Further failures "
						+ "for this reason are counted in 'telemetry.export.items' and shown by the health "
						+ "contributor 'telemetry', not logged again.");
			}
		}

		/**
		 * Adds items dropped before export, such as when the export queue is full.
		 * @param items number of dropped items
		 */
		public void addDropped(long items) {
			this.dropped.add(items);
		}

		public long exported() {
			return this.exported.sum();
		}

		public long failed() {
			return this.failed.sum();
		}

		public long dropped() {
			return this.dropped.sum();
		}

		public @Nullable Instant lastSuccess() {
			return this.lastSuccess;
		}

		public @Nullable Instant lastFailure() {
			return this.lastFailure;
		}

		public @Nullable String lastError() {
			return this.lastError;
		}

		/**
		 * Whether the most recent export of this signal failed.
		 * @return {@code true} if the last failure is newer than the last success
		 */
		public boolean isFailing() {
			Instant failure = this.lastFailure;
			Instant success = this.lastSuccess;
			return failure != null && (success == null || failure.isAfter(success));
		}

	}

}
