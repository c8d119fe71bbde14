package dev.openframe.telemetry.metrics.internal;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;

/**
 * Micrometer's {@link JvmCompilationMetrics} with {@code jvm.compilation.time} in seconds, the
 * base unit, instead of milliseconds. As a bean it takes the place of Spring Boot's, so the
 * millisecond meter is never registered.
 */
public final class BaseUnitCompilationMetrics extends JvmCompilationMetrics {

	static final String COMPILATION_TIME = "jvm.compilation.time";

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
	}

}
