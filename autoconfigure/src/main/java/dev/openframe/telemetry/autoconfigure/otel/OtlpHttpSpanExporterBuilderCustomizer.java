package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;

/**
 * Callback to adjust the {@link OtlpHttpSpanExporterBuilder} of the span exporter (http/protobuf) after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface OtlpHttpSpanExporterBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(OtlpHttpSpanExporterBuilder builder);

}
