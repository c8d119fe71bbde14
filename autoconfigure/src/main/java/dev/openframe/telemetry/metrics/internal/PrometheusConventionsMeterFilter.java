package dev.openframe.telemetry.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Brings the meters Spring Boot and Micrometer register by default in line with the Prometheus
 * naming rules that {@code promtool check metrics} enforces, so that a scrape is lint-clean:
 * <ul>
 * <li>meters without a description get their name as description (Prometheus {@code HELP});</li>
 * <li>{@code system.cpu.count}, a gauge whose Prometheus name would end in {@code _count}, is
 * named {@code system.cpu.processors};</li>
 * <li>{@code jvm.compilation.time} (milliseconds) and {@code process.cpu.time} (nanoseconds)
 * are denied; {@link BaseUnitCompilationMetrics} and {@link BaseUnitProcessorMetrics} publish
 * them in seconds.</li>
 * </ul>
 */
public final class PrometheusConventionsMeterFilter implements MeterFilter {

	@Override
	public MeterFilterReply accept(Meter.Id id) {
		boolean abbreviatedUnit = "ms".equals(id.getBaseUnit()) || "ns".equals(id.getBaseUnit());
		if (abbreviatedUnit && (BaseUnitCompilationMetrics.COMPILATION_TIME.equals(id.getName())
				|| BaseUnitProcessorMetrics.PROCESS_CPU_TIME.equals(id.getName()))) {
			return MeterFilterReply.DENY;
		}
		return MeterFilterReply.NEUTRAL;
	}

	@Override
	public Meter.Id map(Meter.Id id) {
		Meter.Id mapped = "system.cpu.count".equals(id.getName()) ? id.withName("system.cpu.processors") : id;
		String description = mapped.getDescription();
		if (description == null || description.isBlank()) {
			mapped = new Meter.Id(mapped.getName(), Tags.of(mapped.getTagsAsIterable()), mapped.getBaseUnit(),
					mapped.getName(), mapped.getType());
		}
		return mapped;
	}

}
