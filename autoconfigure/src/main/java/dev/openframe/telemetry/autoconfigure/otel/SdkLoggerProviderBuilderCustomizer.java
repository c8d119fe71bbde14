package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;

/**
 * Callback to adjust the {@link SdkLoggerProviderBuilder} of the logger provider after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface SdkLoggerProviderBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(SdkLoggerProviderBuilder builder);

}
