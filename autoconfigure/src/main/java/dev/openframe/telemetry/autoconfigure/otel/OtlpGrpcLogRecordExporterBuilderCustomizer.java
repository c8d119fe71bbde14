package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;

/**
 * Callback to adjust the {@link OtlpGrpcLogRecordExporterBuilder} of the log record exporter (grpc) after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface OtlpGrpcLogRecordExporterBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(OtlpGrpcLogRecordExporterBuilder builder);

}
