package dev.openframe.telemetry.otel.internal.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

/**
 * {@link MetricProducer} that reads every meter of a Micrometer {@link MeterRegistry} when the
 * SDK collects, so each measurement is recorded once (by Micrometer) and read by both the
 * Prometheus endpoint and the OTLP export. Counters become cumulative sums, gauges gauges,
 * timers and distribution summaries cumulative histograms; durations are in seconds.
 */
public final class MicrometerMetricProducer implements MetricProducer {

	private final Supplier<@Nullable MeterRegistry> registry;

	private final Clock clock;

	private final long startEpochNanos;

	/**
	 * Creates a producer reading the given registry, resolved at each collection.
	 * @param registry supplies the registry, or {@code null} while there is none
	 */
	public MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry) {
		this(registry, Clock.getDefault());
	}

	MicrometerMetricProducer(Supplier<@Nullable MeterRegistry> registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		this.startEpochNanos = clock.now();
	}

	@Override
	public Collection<MetricData> produce(Resource resource) {
		MeterRegistry meterRegistry = this.registry.get();
		if (meterRegistry == null) {
			return List.of();
		}
		long now = this.clock.now();
		Map<String, MetricDataBuilder> metrics = new LinkedHashMap<>();
		for (Meter meter : meterRegistry.getMeters()) {
			addMeter(metrics, meter, now);
		}
		List<MetricData> result = new ArrayList<>(metrics.size());
		for (MetricDataBuilder builder : metrics.values()) {
			result.add(builder.build(resource));
		}
		return result;
	}

	private void addMeter(Map<String, MetricDataBuilder> metrics, Meter meter, long now) {
		Meter.Id id = meter.getId();
		Attributes attributes = attributes(id.getTagsAsIterable());
		String name = id.getName();
		String description = (id.getDescription() != null) ? id.getDescription() : "";
		if (meter instanceof Timer timer) {
			HistogramPointData point = histogram(timer.takeSnapshot(), TimeUnit.SECONDS, attributes, now);
			builder(metrics, name, description, "s", MetricKind.HISTOGRAM).addHistogram(point);
		}
		else if (meter instanceof DistributionSummary summary) {
			HistogramPointData point = histogram(summary.takeSnapshot(), null, attributes, now);
			builder(metrics, name, description, unit(id), MetricKind.HISTOGRAM).addHistogram(point);
		}
		else if (meter instanceof FunctionTimer timer) {
			HistogramPointData point = HistogramPointData.create(this.startEpochNanos, now, attributes,
					timer.totalTime(TimeUnit.SECONDS), false, 0, false, 0, List.of(), List.of((long) timer.count()));
			builder(metrics, name, description, "s", MetricKind.HISTOGRAM).addHistogram(point);
		}
		else if (meter instanceof Counter counter) {
			addValue(metrics, name, description, unit(id), MetricKind.SUM, attributes, now, counter.count());
		}
		else if (meter instanceof FunctionCounter counter) {
			addValue(metrics, name, description, unit(id), MetricKind.SUM, attributes, now, counter.count());
		}
		else if (meter instanceof TimeGauge gauge) {
			addValue(metrics, name, description, "s", MetricKind.GAUGE, attributes, now, gauge.value(TimeUnit.SECONDS));
		}
		else if (meter instanceof Gauge gauge) {
			addValue(metrics, name, description, unit(id), MetricKind.GAUGE, attributes, now, gauge.value());
		}
		else {
			// Long task timers and custom meters: one gauge per measured statistic.
			for (Measurement measurement : meter.measure()) {
				String statistic = measurement.getStatistic().getTagValueRepresentation();
				addValue(metrics, name + "." + statistic, description, "", MetricKind.GAUGE, attributes, now,
						measurement.getValue());
			}
		}
	}

	private void addValue(Map<String, MetricDataBuilder> metrics, String name, String description, String unit,
			MetricKind kind, Attributes attributes, long now, double value) {
		if (Double.isFinite(value)) {
			builder(metrics, name, description, unit, kind).addValue(this.startEpochNanos, now, attributes, value);
		}
	}

	private MetricDataBuilder builder(Map<String, MetricDataBuilder> metrics, String name, String description,
			String unit, MetricKind kind) {
		MetricDataBuilder builder = metrics.computeIfAbsent(name + '\0' + kind,
				(key) -> new MetricDataBuilder(name, description, unit, kind));
		return builder;
	}

	private HistogramPointData histogram(HistogramSnapshot snapshot, @Nullable TimeUnit unit, Attributes attributes,
			long now) {
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
		return HistogramPointData.create(this.startEpochNanos, now, attributes, sum, false, 0, false, 0, boundaries,
				counts);
	}

	private static Attributes attributes(Iterable<Tag> tags) {
		AttributesBuilder builder = Attributes.builder();
		for (Tag tag : tags) {
			builder.put(tag.getKey(), tag.getValue());
		}
		return builder.build();
	}

	private static String unit(Meter.Id id) {
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
