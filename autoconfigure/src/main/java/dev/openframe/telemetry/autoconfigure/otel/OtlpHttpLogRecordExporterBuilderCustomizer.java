package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;

/**
 * Callback to adjust the {@link OtlpHttpLogRecordExporterBuilder} of the log record exporter (http/protobuf) after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface OtlpHttpLogRecordExporterBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(OtlpHttpLogRecordExporterBuilder builder);

}
