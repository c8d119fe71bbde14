package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;

/**
 * Callback to adjust the {@link OtlpGrpcMetricExporterBuilder} of the metric exporter (grpc) after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface OtlpGrpcMetricExporterBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(OtlpGrpcMetricExporterBuilder builder);

}
