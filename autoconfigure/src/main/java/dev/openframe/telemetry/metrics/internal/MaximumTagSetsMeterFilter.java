package dev.openframe.telemetry.metrics.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the number of tag combinations (time series) each meter of some names may have in a
 * registry: past the cap, a new combination is denied, so the registry hands out a no-op meter
 * and keeps nothing, and one warning per meter name says so. Known combinations keep recording.
 * Like Micrometer's {@code MeterFilter.maximumAllowableTags}, but bounding whole tag sets rather
 * than the values of one tag, which is what memory and Prometheus series grow with.
 */
public final class MaximumTagSetsMeterFilter implements MeterFilter {

	private static final Logger logger = LoggerFactory.getLogger(MaximumTagSetsMeterFilter.class);

	private final List<String> meterNamePrefixes;

	private final int maximumTagSets;

	private final String limitSource;

	private final Map<String, SeenTagSets> seen = new ConcurrentHashMap<>();

	/**
	 * Creates the filter.
	 * @param meterNamePrefixes meters whose name starts with one of these are capped
	 * @param maximumTagSets tag combinations allowed per meter name, at least 1
	 * @param limitSource where the limit comes from, named in the warning (such as a property)
	 */
	public MaximumTagSetsMeterFilter(List<String> meterNamePrefixes, int maximumTagSets, String limitSource) {
		if (maximumTagSets < 1) {
			throw new IllegalArgumentException("maximumTagSets must be at least 1 but was " + maximumTagSets);
		}
		this.meterNamePrefixes = List.copyOf(meterNamePrefixes);
		this.maximumTagSets = maximumTagSets;
		this.limitSource = limitSource;
	}

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		// Called when a registry has no meter for the id yet, never when a meter records.
		String name = id.getName();
		if (!isCapped(name)) {
			return MeterFilterReply.NEUTRAL;
		}
		SeenTagSets tagSets = this.seen.computeIfAbsent(name, (key) -> new SeenTagSets());
		Tags tags = Tags.of(id.getTagsAsIterable());
		if (tagSets.tags.contains(tags)) {
			return MeterFilterReply.NEUTRAL;
		}
		if (tagSets.tags.size() < this.maximumTagSets) {
			synchronized (tagSets) {
				if (tagSets.tags.contains(tags) || tagSets.tags.size() < this.maximumTagSets) {
					tagSets.tags.add(tags);
					return MeterFilterReply.NEUTRAL;
				}
			}
		}
		if (tagSets.warned.compareAndSet(false, true)) {
			logger.warn("Meter '{}' reached {} tag combinations, the limit set by {}; new combinations are not "
					+ "recorded (what they measure still runs and is traced). Tag values should be bounded, such as "
					+ "route templates rather than raw paths", name, this.maximumTagSets, this.limitSource);
		}
		return MeterFilterReply.DENY;
	}

	private boolean isCapped(String name) {
		for (String prefix : this.meterNamePrefixes) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/** Tag combinations accepted for one meter name. */
	private static final class SeenTagSets {

		private final Set<Tags> tags = ConcurrentHashMap.newKeySet();

		private final AtomicBoolean warned = new AtomicBoolean();

	}

}
