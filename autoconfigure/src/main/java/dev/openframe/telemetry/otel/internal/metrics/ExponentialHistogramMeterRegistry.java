package dev.openframe.telemetry.otel.internal.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.cumulative.CumulativeDistributionSummary;
import io.micrometer.core.instrument.cumulative.CumulativeTimer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.MeterProvider;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer registry, a member of the application's composite registry, that hands every value
 * of a timer or distribution summary publishing a histogram to an OpenTelemetry SDK histogram
 * instrument, aggregated as base-2 exponential buckets by the SDK (with its exemplars, min and max).
 * Micrometer's own recorded data (counts in fixed buckets) cannot be turned into exponential
 * buckets without guessing where in a bucket each value lay, so the values are taken as they are
 * recorded. {@link MicrometerMetricProducer} leaves these meters to the SDK and reads everything
 * else from the application's other registry. Other meters here are plain cumulative ones, so that
 * whichever member the composite reads a value from gives the right answer.
 */
public final class ExponentialHistogramMeterRegistry extends SimpleMeterRegistry {

	/** Instrumentation scope of the SDK instruments. */
	public static final String SCOPE = MetricDataBuilder.SCOPE.getName();

	// Only count, total and max are kept here; the histogram is the SDK's.
	private static final DistributionStatisticConfig NO_HISTOGRAM = DistributionStatisticConfig.builder()
		.percentilesHistogram(false)
		.percentiles()
		.serviceLevelObjectives()
		.build();

	private final Set<Meter.Id> exported = ConcurrentHashMap.newKeySet();

	private volatile io.opentelemetry.api.metrics.@Nullable Meter meter;

	public ExponentialHistogramMeterRegistry() {
		super(SimpleConfig.DEFAULT, Clock.SYSTEM);
	}

	/**
	 * Starts handing values to the SDK; values recorded before are only counted here.
	 * @param meterProvider the SDK's meter provider
	 */
	public void bind(MeterProvider meterProvider) {
		this.meter = meterProvider.get(SCOPE);
	}

	/**
	 * Whether the SDK exports the meter with this id.
	 * @param id a meter id
	 * @return whether its histogram goes through the SDK
	 */
	public boolean isExported(Meter.Id id) {
		return this.exported.contains(id);
	}

	/**
	 * The registry {@link MicrometerMetricProducer} reads: the application's registry, or when
	 * that is a composite holding this one, its first other member.
	 * @param registry the application's registry
	 * @return the registry to read
	 */
	public @Nullable MeterRegistry readable(@Nullable MeterRegistry registry) {
		if (registry instanceof CompositeMeterRegistry composite && composite.getRegistries().contains(this)) {
			return composite.getRegistries().stream().filter((member) -> member != this).findFirst().orElse(null);
		}
		return registry;
	}

	@Override
	protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
		DistributionStatisticConfig counting = NO_HISTOGRAM.merge(config);
		if (!config.isPublishingHistogram()) {
			return new CumulativeTimer(id, this.clock, counting, pauseDetector, TimeUnit.SECONDS, false);
		}
		this.exported.add(id);
		return new ExportedTimer(id, this.clock, counting, pauseDetector, new Instrument(id, "s"));
	}

	@Override
	protected DistributionSummary newDistributionSummary(Meter.Id id, DistributionStatisticConfig config,
			double scale) {
		DistributionStatisticConfig counting = NO_HISTOGRAM.merge(config);
		if (!config.isPublishingHistogram()) {
			return new CumulativeDistributionSummary(id, this.clock, counting, scale, false);
		}
		this.exported.add(id);
		return new ExportedSummary(id, this.clock, counting, scale,
				new Instrument(id, MicrometerMetricProducer.unit(id)));
	}

	/** The SDK instrument of one meter, created when the first value arrives after {@link #bind}. */
	private final class Instrument {

		private final Meter.Id id;

		private final String unit;

		private final Attributes attributes;

		private volatile @Nullable DoubleHistogram histogram;

		Instrument(Meter.Id id, String unit) {
			this.id = id;
			this.unit = unit;
			this.attributes = MicrometerMetricProducer.attributes(id.getTagsAsIterable());
		}

		void record(double value) {
			DoubleHistogram target = this.histogram;
			if (target == null) {
				target = create();
				if (target == null) {
					return;
				}
			}
			// Recorded on the caller's thread: the current span becomes the exemplar.
			target.record(value, this.attributes);
		}

		private synchronized @Nullable DoubleHistogram create() {
			io.opentelemetry.api.metrics.Meter sdkMeter = ExponentialHistogramMeterRegistry.this.meter;
			if (this.histogram == null && sdkMeter != null) {
				String description = this.id.getDescription();
				this.histogram = sdkMeter.histogramBuilder(this.id.getName())
					.setDescription((description != null) ? description : "")
					.setUnit(this.unit)
					.build();
			}
			return this.histogram;
		}

	}

	private static final class ExportedTimer extends CumulativeTimer {

		private final Instrument instrument;

		ExportedTimer(Meter.Id id, Clock clock, DistributionStatisticConfig config, PauseDetector pauseDetector,
				Instrument instrument) {
			super(id, clock, config, pauseDetector, TimeUnit.SECONDS, false);
			this.instrument = instrument;
		}

		@Override
		protected void recordNonNegative(long amount, TimeUnit unit) {
			super.recordNonNegative(amount, unit);
			this.instrument.record(unit.toNanos(amount) / 1e9);
		}

	}

	private static final class ExportedSummary extends CumulativeDistributionSummary {

		private final Instrument instrument;

		ExportedSummary(Meter.Id id, Clock clock, DistributionStatisticConfig config, double scale,
				Instrument instrument) {
			super(id, clock, config, scale, false);
			this.instrument = instrument;
		}

		@Override
		protected void recordNonNegative(double amount) {
			super.recordNonNegative(amount);
			this.instrument.record(amount);
		}

	}

}
