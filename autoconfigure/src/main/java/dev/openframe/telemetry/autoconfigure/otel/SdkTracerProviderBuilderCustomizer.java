package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * Callback to adjust the {@link SdkTracerProviderBuilder} of the tracer provider after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface SdkTracerProviderBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(SdkTracerProviderBuilder builder);

}
