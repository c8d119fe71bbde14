package dev.openframe.telemetry.metrics.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.convention.JvmCpuMeterConventions;
import io.micrometer.core.instrument.binder.jvm.convention.micrometer.MicrometerJvmCpuMeterConventions;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's {@link ProcessorMetrics} with {@code process.cpu.time} in seconds, the base unit.
 * Micrometer's nanosecond meter is registered first and denied by
 * {@link PrometheusConventionsMeterFilter}; the meter in seconds is registered after it, so the
 * two never meet in the registry.
 */
public final class BaseUnitProcessorMetrics extends ProcessorMetrics {

	static final String PROCESS_CPU_TIME = "process.cpu.time";

	/**
	 * Creates the binder with the application's CPU meter conventions, if it has any.
	 * @param conventions the conventions, or {@code null} for Micrometer's defaults
	 */
	public BaseUnitProcessorMetrics(@Nullable JvmCpuMeterConventions conventions) {
		super(List.of(), (conventions != null) ? conventions : new MicrometerJvmCpuMeterConventions(Tags.empty()));
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		super.bindTo(registry);
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sunOs && sunOs.getProcessCpuTime() >= 0) {
			FunctionCounter.builder(PROCESS_CPU_TIME, sunOs, (bean) -> bean.getProcessCpuTime() / 1_000_000_000.0)
				.description("The CPU time used by the Java virtual machine process")
				.baseUnit("seconds")
				.register(registry);
		}
	}

}
