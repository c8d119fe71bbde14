package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;

/**
 * Callback to adjust the {@link OtlpGrpcSpanExporterBuilder} of the span exporter (grpc) after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface OtlpGrpcSpanExporterBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(OtlpGrpcSpanExporterBuilder builder);

}
