package dev.openframe.telemetry.otel.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health contributor {@code telemetry}: per exported signal, its state ({@code ok},
 * {@code failing} or {@code idle}), counts, and last success and error. Always {@code UP}: a
 * telemetry outage is reported, but must never take the application's health or readiness down
 * and get it restarted.
 */
public final class ExportHealthIndicator extends AbstractHealthIndicator {

	private final ExportStatistics statistics;

	/**
	 * Creates an indicator reporting the signals that have an exporter.
	 * @param statistics the export statistics
	 */
	public ExportHealthIndicator(ExportStatistics statistics) {
		super("Telemetry health check failed");
		this.statistics = statistics;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up();
		Set<Signal> exported = this.statistics.exportedSignals();
		if (exported.isEmpty()) {
			builder.withDetail("export", "off: no OTLP endpoint configured");
			return;
		}
		for (Signal signal : Signal.values()) {
			if (!exported.contains(signal)) {
				continue;
			}
			builder.withDetail(signal.tagValue(), details(this.statistics.get(signal)));
		}
	}

	private static Map<String, Object> details(ExportStatistics.SignalStatistics statistics) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("state", state(statistics));
		details.put("exported", statistics.exported());
		details.put("failed", statistics.failed());
		details.put("dropped", statistics.dropped());
		putIfSet(details, "lastSuccess", statistics.lastSuccess());
		putIfSet(details, "lastFailure", statistics.lastFailure());
		putIfSet(details, "lastError", statistics.lastError());
		return details;
	}

	private static String state(ExportStatistics.SignalStatistics statistics) {
		if (statistics.isFailing()) {
			return "failing";
		}
		return (statistics.lastSuccess() != null) ? "ok" : "idle";
	}

	private static void putIfSet(Map<String, Object> details, String key, @Nullable Object value) {
		if (value != null) {
			details.put(key, (value instanceof Instant) ? value.toString() : value);
		}
	}

}
