package dev.openframe.telemetry.metrics;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code jvm.compilation.time} and {@code process.cpu.time} in seconds, the base unit, in place
 * of Micrometer's millisecond and nanosecond versions that {@link PrometheusConventionsMeterFilter}
 * denies.
 */
public final class BaseUnitJvmMetrics implements MeterBinder {

	static final String COMPILATION_TIME = "jvm.compilation.time";

	static final String PROCESS_CPU_TIME = "process.cpu.time";

	@Override
	public void bindTo(MeterRegistry registry) {
		CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
		if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
			FunctionCounter.builder(COMPILATION_TIME, compilation, (bean) -> bean.getTotalCompilationTime() / 1_000.0)
				.tag("compiler", compilation.getName())
				.description("The approximate accumulated elapsed time spent in compilation")
				.baseUnit("seconds")
				.register(registry);
		}
		OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		if (os instanceof com.sun.management.OperatingSystemMXBean sunOs && sunOs.getProcessCpuTime() >= 0) {
			FunctionCounter.builder(PROCESS_CPU_TIME, sunOs, (bean) -> bean.getProcessCpuTime() / 1_000_000_000.0)
				.description("The CPU time used by the Java virtual machine process")
				.baseUnit("seconds")
				.register(registry);
		}
	}

}
