package dev.openframe.telemetry.autoconfigure.otel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.openframe.telemetry.otel.internal.Signal;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a signal is exported by the given exporter: enabled, that exporter chosen, and for
 * OTLP with an endpoint of its own or the shared one. Decided by {@link SignalExportSettings}, the
 * same code that builds the OTLP exporter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnSignalExportCondition.class)
@interface ConditionalOnSignalExport {

	/**
	 * The signal that must be exported.
	 * @return the signal
	 */
	Signal value();

	/**
	 * The exporter the signal must use.
	 * @return the exporter
	 */
	ExporterType exporter() default ExporterType.OTLP;

}
