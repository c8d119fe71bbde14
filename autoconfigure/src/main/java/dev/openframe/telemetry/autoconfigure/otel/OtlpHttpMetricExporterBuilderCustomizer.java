package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;

/**
 * Callback to adjust the {@link OtlpHttpMetricExporterBuilder} of the metric exporter (http/protobuf) after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface OtlpHttpMetricExporterBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(OtlpHttpMetricExporterBuilder builder);

}
