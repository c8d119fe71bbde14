package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;

/**
 * Callback to adjust the {@link SdkMeterProviderBuilder} of the meter provider after openframe-telemetry configured
 * it from the properties. Beans of this type are applied in {@code @Order}.
 */
@FunctionalInterface
public interface SdkMeterProviderBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already configured from the properties
	 */
	void customize(SdkMeterProviderBuilder builder);

}
