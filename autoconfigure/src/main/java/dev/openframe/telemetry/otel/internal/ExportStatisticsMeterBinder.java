package dev.openframe.telemetry.otel.internal;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes {@link ExportStatistics} as the counter {@code telemetry.export.items}, tagged
 * {@code signal} ({@code traces}, {@code metrics}, {@code logs}) and {@code outcome}
 * ({@code exported}, {@code failed}, {@code dropped}).
 */
public final class ExportStatisticsMeterBinder implements MeterBinder {

	/** Name of the counter. */
	public static final String METER_NAME = "telemetry.export.items";

	private final ExportStatistics statistics;

	public ExportStatisticsMeterBinder(ExportStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Signal signal : Signal.values()) {
			ExportStatistics.SignalStatistics signalStatistics = this.statistics.get(signal);
			register(registry, signal, "exported", signalStatistics, ExportStatistics.SignalStatistics::exported);
			register(registry, signal, "failed", signalStatistics, ExportStatistics.SignalStatistics::failed);
			register(registry, signal, "dropped", signalStatistics, ExportStatistics.SignalStatistics::dropped);
		}
	}

	private static void register(MeterRegistry registry, Signal signal, String outcome,
			ExportStatistics.SignalStatistics statistics, ToDoubleFunction<ExportStatistics.SignalStatistics> count) {
		FunctionCounter.builder(METER_NAME, statistics, count)
			.description("Telemetry items handed to the OTLP export, by outcome")
			.tag("signal", signal.tagValue())
			.tag("outcome", outcome)
			.register(registry);
	}

}
