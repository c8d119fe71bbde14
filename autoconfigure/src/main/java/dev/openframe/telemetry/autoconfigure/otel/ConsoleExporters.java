package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import dev.openframe.telemetry.otel.internal.Signal;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.logging.SystemOutLogRecordExporter;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.util.ClassUtils;

/**
 * The exporters of {@link ExporterType#CONSOLE}, from OpenTelemetry's
 * {@code opentelemetry-exporter-logging}. Its classes are touched only here and only after
 * {@link #check} found them, so a missing dependency stops start-up with a message naming it.
 */
final class ConsoleExporters {

	/** The dependency that enables the console exporter; named in the README. */
	static final String DEPENDENCY = "io.opentelemetry:opentelemetry-exporter-logging";

	private ConsoleExporters() {
	}

	static SpanExporter spanExporter(ClassLoader classLoader) {
		check(classLoader, Signal.TRACES, "io.opentelemetry.exporter.logging.LoggingSpanExporter");
		return LoggingSpanExporter.create();
	}

	static MetricExporter metricExporter(ClassLoader classLoader) {
		check(classLoader, Signal.METRICS, "io.opentelemetry.exporter.logging.LoggingMetricExporter");
		return LoggingMetricExporter.create();
	}

	static LogRecordExporter logRecordExporter(ClassLoader classLoader) {
		check(classLoader, Signal.LOGS, "io.opentelemetry.exporter.logging.SystemOutLogRecordExporter");
		return SystemOutLogRecordExporter.create();
	}

	private static void check(ClassLoader classLoader, Signal signal, String className) {
		if (!ClassUtils.isPresent(className, classLoader)) {
			String property = TelemetryProperties.PREFIX + "." + signal.tagValue() + ".exporter";
			throw new InvalidTelemetryPropertyException(property, ExporterType.CONSOLE,
					"be 'otlp' or 'none' unless '" + DEPENDENCY + "' is on the class path",
					"Add the dependency '" + DEPENDENCY + "' (same version as opentelemetry-sdk), or set '"
							+ property + "' to 'otlp' or 'none'.");
		}
	}

}
