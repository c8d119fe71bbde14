package dev.openframe.telemetry.otel.internal.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * {@link MetricProducer} that reads every meter of a Micrometer {@link MeterRegistry} when the
 * SDK collects, so each measurement is recorded once (by Micrometer) and read by both the
 * Prometheus endpoint and the OTLP export. Counters become monotonic sums, gauges gauges,
 * timers and distribution summaries histograms; durations are in seconds. Sums and histograms are
 * cumulative, as Micrometer keeps them, unless the temporality selector asks for delta: then each
 * collection reports what changed since the previous one (so exactly one reader may collect).
 * Counters and timers count as the synchronous instruments ({@link InstrumentType#COUNTER},
 * {@link InstrumentType#HISTOGRAM}), function counters and function timers as
 * {@link InstrumentType#OBSERVABLE_COUNTER}.
 * <p>
 * Histogram points carry the exemplars (trace and span id of sampled requests) that Micrometer's
 * Prometheus registry, when the registry read is one or holds one, sampled for its scrape: read
 * once per collection, never on the recording path, and passed through the SDK's
 * {@link ExemplarFilter}. Delta points carry only exemplars newer than those already reported.
 */
public final class MicrometerMetricProducer implements MetricProducer {

	private static final boolean PROMETHEUS_PRESENT = ClassUtils.isPresent(
			"io.micrometer.prometheusmetrics.PrometheusMeterRegistry", MicrometerMetricProducer.class.getClassLoader());

	private final Supplier<@Nullable MeterRegistry> registry;

	private final Clock clock;

	private final long startEpochNanos;

	private final AggregationTemporalitySelector temporality;

	private final Predicate<Meter.Id> exportedElsewhere;

	/** The filter exemplars pass, or {@code null} when none may go out. */
	private final @Nullable ExemplarFilterInternal exemplarFilter;

	/** Where this collection's histogram exemplars come from. */
	private HistogramExemplars exemplars = HistogramExemplars.NONE;

	/** Per meter, what the previous collection reported; only for delta temporality. */
	private Map<Meter.Id, Previous> previous = new HashMap<>();

	private Map<Meter.Id, Previous> current = new HashMap<>();

	/**
	 * Per histogram, the largest value seen since the start: Micrometer keeps only a decaying
	 * window maximum, which each collection (well within its two-minute expiry) folds in here.
	 */
	private Map<Meter.Id, Double> maxima = new HashMap<>();

	private Map<Meter.Id, Double> nextMaxima = new HashMap<>();

	/**
	 * Creates a producer of cumulative data reading the given registry, resolved at each collection.
	 * @param registry supplies the registry, or {@code null} while there is none
	 */
	public MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry) {
		this(registry, AggregationTemporalitySelector.alwaysCumulative());
	}

	/**
	 * Creates a producer reading the given registry, resolved at each collection.
	 * @param registry supplies the registry, or {@code null} while there is none
	 * @param temporality the temporality of each kind of instrument
	 */
	public MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry,
			AggregationTemporalitySelector temporality) {
		this(registry, temporality, Clock.getDefault());
	}

	/**
	 * Creates a producer reading the given registry, resolved at each collection, that leaves
	 * out the meters another path exports (such as {@link ExponentialHistogramMeterRegistry}).
	 * @param registry supplies the registry, or {@code null} while there is none
	 * @param temporality the temporality of each kind of instrument
	 * @param exportedElsewhere whether a meter is exported by another path
	 */
	public MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry,
			AggregationTemporalitySelector temporality, Predicate<Meter.Id> exportedElsewhere) {
		this(registry, temporality, exportedElsewhere, ExemplarFilter.traceBased());
	}

	/**
	 * Creates a producer reading the given registry, resolved at each collection, that leaves
	 * out the meters another path exports and lets through the histogram exemplars the filter
	 * accepts.
	 * @param registry supplies the registry, or {@code null} while there is none
	 * @param temporality the temporality of each kind of instrument
	 * @param exportedElsewhere whether a meter is exported by another path
	 * @param exemplarFilter which exemplars go out, as for OpenTelemetry API instruments
	 */
	public MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry,
			AggregationTemporalitySelector temporality, Predicate<Meter.Id> exportedElsewhere,
			ExemplarFilter exemplarFilter) {
		this(registry, temporality, Clock.getDefault(), exportedElsewhere, exemplarFilter);
	}

	MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry, AggregationTemporalitySelector temporality,
			Clock clock) {
		this(registry, temporality, clock, (id) -> false, ExemplarFilter.traceBased());
	}

	private MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry,
			AggregationTemporalitySelector temporality, Clock clock, Predicate<Meter.Id> exportedElsewhere,
			ExemplarFilter exemplarFilter) {
		this.registry = registry;
		this.temporality = temporality;
		this.clock = clock;
		this.startEpochNanos = clock.now();
		this.exportedElsewhere = exportedElsewhere;
		this.exemplarFilter = internal(exemplarFilter);
	}

	private static @Nullable ExemplarFilterInternal internal(ExemplarFilter filter) {
		if (filter == ExemplarFilter.alwaysOff()) {
			// Nothing could pass: no need to read the Prometheus registry at all.
			return null;
		}
		try {
			return ExemplarFilterInternal.asExemplarFilterInternal(filter);
		}
		catch (RuntimeException ex) {
			// A filter the SDK cannot evaluate (not one of its own): the SDK's default.
			return ExemplarFilterInternal.asExemplarFilterInternal(ExemplarFilter.traceBased());
		}
	}

	@Override
	public synchronized Collection<MetricData> produce(Resource resource) {
		MeterRegistry meterRegistry = this.registry.get();
		if (meterRegistry == null) {
			return List.of();
		}
		long now = this.clock.now();
		this.exemplars = histogramExemplars(meterRegistry);
		Map<String, MetricDataBuilder> metrics = new LinkedHashMap<>();
		try {
			for (Meter meter : meterRegistry.getMeters()) {
				if (!this.exportedElsewhere.test(meter.getId())) {
					addMeter(metrics, meter, now);
				}
			}
		}
		finally {
			// The scraped snapshots are not kept until the next collection.
			this.exemplars = HistogramExemplars.NONE;
		}
		// Meters gone from the registry are forgotten.
		Map<Meter.Id, Previous> reported = this.current;
		this.current = this.previous;
		this.current.clear();
		this.previous = reported;
		Map<Meter.Id, Double> seenMaxima = this.nextMaxima;
		this.nextMaxima = this.maxima;
		this.nextMaxima.clear();
		this.maxima = seenMaxima;
		List<MetricData> result = new ArrayList<>(metrics.size());
		for (MetricDataBuilder builder : metrics.values()) {
			result.add(builder.build(resource));
		}
		return result;
	}

	private HistogramExemplars histogramExemplars(MeterRegistry meterRegistry) {
		if (!PROMETHEUS_PRESENT || this.exemplarFilter == null) {
			return HistogramExemplars.NONE;
		}
		try {
			HistogramExemplars found = PrometheusHistogramExemplars.scrape(meterRegistry, this.exemplarFilter);
			return (found != null) ? found : HistogramExemplars.NONE;
		}
		catch (RuntimeException ex) {
			// Exemplars are a bonus: never fail the collection over them.
			return HistogramExemplars.NONE;
		}
	}

	private void addMeter(Map<String, MetricDataBuilder> metrics, Meter meter, long now) {
		Meter.Id id = meter.getId();
		Attributes attributes = attributes(id.getTagsAsIterable());
		String name = id.getName();
		String description = (id.getDescription() != null) ? id.getDescription() : "";
		if (meter instanceof Timer timer) {
			AggregationTemporality temporality = temporality(InstrumentType.HISTOGRAM);
			HistogramPointData point = histogram(id, timer.takeSnapshot(), TimeUnit.SECONDS, attributes, now,
					temporality);
			builder(metrics, name, description, "s", MetricKind.HISTOGRAM, temporality).addHistogram(point);
		}
		else if (meter instanceof DistributionSummary summary) {
			AggregationTemporality temporality = temporality(InstrumentType.HISTOGRAM);
			HistogramPointData point = histogram(id, summary.takeSnapshot(), null, attributes, now, temporality);
			builder(metrics, name, description, unit(id), MetricKind.HISTOGRAM, temporality).addHistogram(point);
		}
		else if (meter instanceof FunctionTimer timer) {
			AggregationTemporality temporality = temporality(InstrumentType.OBSERVABLE_COUNTER);
			HistogramPointData point = histogram(id, attributes, now, temporality, timer.totalTime(TimeUnit.SECONDS),
					List.of(), new long[] { (long) timer.count() }, Double.NaN, List.of());
			builder(metrics, name, description, "s", MetricKind.HISTOGRAM, temporality).addHistogram(point);
		}
		else if (meter instanceof Counter counter) {
			addSum(metrics, id, description, attributes, now, counter.count(), InstrumentType.COUNTER);
		}
		else if (meter instanceof FunctionCounter counter) {
			addSum(metrics, id, description, attributes, now, counter.count(), InstrumentType.OBSERVABLE_COUNTER);
		}
		else if (meter instanceof TimeGauge gauge) {
			addGauge(metrics, name, description, "s", attributes, now, gauge.value(TimeUnit.SECONDS));
		}
		else if (meter instanceof Gauge gauge) {
			addGauge(metrics, name, description, unit(id), attributes, now, gauge.value());
		}
		else {
			// Long task timers and custom meters: one gauge per measured statistic.
			for (Measurement measurement : meter.measure()) {
				String statistic = measurement.getStatistic().getTagValueRepresentation();
				addGauge(metrics, name + "." + statistic, description, "", attributes, now, measurement.getValue());
			}
		}
	}

	private AggregationTemporality temporality(InstrumentType type) {
		return this.temporality.getAggregationTemporality(type);
	}

	private void addSum(Map<String, MetricDataBuilder> metrics, Meter.Id id, String description,
			Attributes attributes, long now, double value, InstrumentType type) {
		if (!Double.isFinite(value)) {
			return;
		}
		AggregationTemporality temporality = temporality(type);
		long start = this.startEpochNanos;
		double reported = value;
		if (temporality == AggregationTemporality.DELTA) {
			Previous last = this.previous.get(id);
			if (last != null) {
				start = last.epochNanos;
				// A value below the last one means the counter was reset: all of it is new.
				reported = (value >= last.sum) ? value - last.sum : value;
			}
			this.current.put(id, new Previous(now, value, new long[0], Long.MIN_VALUE));
		}
		builder(metrics, id.getName(), description, unit(id), MetricKind.SUM, temporality).addValue(start, now,
				attributes, reported);
	}

	private void addGauge(Map<String, MetricDataBuilder> metrics, String name, String description, String unit,
			Attributes attributes, long now, double value) {
		if (Double.isFinite(value)) {
			builder(metrics, name, description, unit, MetricKind.GAUGE, AggregationTemporality.CUMULATIVE)
				.addValue(this.startEpochNanos, now, attributes, value);
		}
	}

	private MetricDataBuilder builder(Map<String, MetricDataBuilder> metrics, String name, String description,
			String unit, MetricKind kind, AggregationTemporality temporality) {
		MetricDataBuilder builder = metrics.computeIfAbsent(name + '\0' + kind,
				(key) -> new MetricDataBuilder(name, description, unit, kind, temporality));
		return builder;
	}

	private HistogramPointData histogram(Meter.Id id, HistogramSnapshot snapshot, @Nullable TimeUnit unit,
			Attributes attributes, long now, AggregationTemporality temporality) {
		long count = snapshot.count();
		double sum = (unit != null) ? snapshot.total(unit) : snapshot.total();
		CountAtBucket[] buckets = snapshot.histogramCounts();
		List<Double> boundaries = new ArrayList<>(buckets.length);
		List<Long> counts = new ArrayList<>(buckets.length + 1);
		long previous = 0;
		for (CountAtBucket bucket : buckets) {
			double boundary = (unit != null) ? bucket.bucket(unit) : bucket.bucket();
			long cumulative = (long) bucket.count();
			if (Double.isInfinite(boundary) || cumulative < previous || cumulative > count) {
				// Bucket counts that do not add up (windowed registries) are left out.
				boundaries.clear();
				counts.clear();
				previous = 0;
				break;
			}
			boundaries.add(boundary);
			counts.add(cumulative - previous);
			previous = cumulative;
		}
		counts.add(count - previous);
		double max = cumulativeMax(id, (unit != null) ? snapshot.max(unit) : snapshot.max(), count);
		// A delta point would need the largest value of its own interval, which Micrometer's
		// window (up to two minutes back) cannot tell: no max rather than a wrong one.
		double reportedMax = (temporality == AggregationTemporality.CUMULATIVE) ? max : Double.NaN;
		return histogram(id, attributes, now, temporality, sum, boundaries,
				counts.stream().mapToLong(Long::longValue).toArray(), reportedMax,
				exemplars(id, temporality));
	}

	/** This collection's exemplars of a histogram; for delta only those not reported before. */
	private List<DoubleExemplarData> exemplars(Meter.Id id, AggregationTemporality temporality) {
		Previous last = (temporality == AggregationTemporality.DELTA) ? this.previous.get(id) : null;
		try {
			return this.exemplars.exemplars(id, (last != null) ? last.exemplarNanos : Long.MIN_VALUE);
		}
		catch (RuntimeException ex) {
			// An unexpected snapshot shape: the point goes out without exemplars.
			return List.of();
		}
	}

	/** The largest value since the start, or NaN before the first value. */
	private double cumulativeMax(Meter.Id id, double windowMax, long count) {
		Double before = this.maxima.get(id);
		double max = (before != null) ? Math.max(before, windowMax) : windowMax;
		if (count == 0 || Double.isNaN(max)) {
			return Double.NaN;
		}
		this.nextMaxima.put(id, max);
		return max;
	}

	/** The point of a histogram, cumulative or as the difference to the previous collection. */
	private HistogramPointData histogram(Meter.Id id, Attributes attributes, long now,
			AggregationTemporality temporality, double sum, List<Double> boundaries, long[] counts, double max,
			List<DoubleExemplarData> exemplars) {
		long start = this.startEpochNanos;
		double reportedSum = sum;
		long[] reported = counts;
		if (temporality == AggregationTemporality.DELTA) {
			Previous last = this.previous.get(id);
			if (last != null) {
				start = last.epochNanos;
				if (last.counts.length == counts.length && !decreased(last.counts, counts)) {
					reportedSum = sum - last.sum;
					reported = new long[counts.length];
					for (int i = 0; i < counts.length; i++) {
						reported[i] = counts[i] - last.counts[i];
					}
				}
			}
			long exemplarNanos = (last != null) ? last.exemplarNanos : Long.MIN_VALUE;
			for (DoubleExemplarData exemplar : exemplars) {
				exemplarNanos = Math.max(exemplarNanos, exemplar.getEpochNanos());
			}
			this.current.put(id, new Previous(now, sum, counts, exemplarNanos));
		}
		List<Long> reportedCounts = new ArrayList<>(reported.length);
		for (long bucket : reported) {
			reportedCounts.add(bucket);
		}
		// The SDK's own point type: its public factory takes no exemplars.
		return ImmutableHistogramPointData.create(start, now, attributes, reportedSum, false, 0, !Double.isNaN(max),
				Double.isNaN(max) ? 0 : max, boundaries, reportedCounts, exemplars);
	}

	private static boolean decreased(long[] before, long[] after) {
		for (int i = 0; i < before.length; i++) {
			if (after[i] < before[i]) {
				return true;
			}
		}
		return false;
	}

	/**
	 * What one meter's previous collection saw.
	 * @param epochNanos when
	 * @param sum the counter value or histogram sum
	 * @param counts the histogram bucket counts
	 * @param exemplarNanos when the newest histogram exemplar reported so far was sampled
	 */
	private record Previous(long epochNanos, double sum, long[] counts, long exemplarNanos) {
	}

	static Attributes attributes(Iterable<Tag> tags) {
		AttributesBuilder builder = Attributes.builder();
		for (Tag tag : tags) {
			builder.put(tag.getKey(), tag.getValue());
		}
		return builder.build();
	}

	static String unit(Meter.Id id) {
		String baseUnit = id.getBaseUnit();
		if (baseUnit == null) {
			return "";
		}
		return switch (baseUnit) {
			case "seconds" -> "s";
			case "milliseconds" -> "ms";
			case "bytes" -> "By";
			case "percent" -> "%";
			default -> baseUnit;
		};
	}

}
