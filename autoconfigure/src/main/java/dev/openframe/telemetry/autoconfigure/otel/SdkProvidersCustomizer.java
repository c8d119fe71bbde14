package dev.openframe.telemetry.autoconfigure.otel;

import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * Callback to adjust the SDK providers openframe-telemetry builds, for example to add a span
 * processor or a metric view. Beans of this type are applied in order.
 */
public interface SdkProvidersCustomizer {

	/**
	 * Customizes the tracer provider.
	 * @param builder the builder, already configured from the properties
	 */
	default void customize(SdkTracerProviderBuilder builder) {
	}

	/**
	 * Customizes the meter provider.
	 * @param builder the builder, already configured from the properties
	 */
	default void customize(SdkMeterProviderBuilder builder) {
	}

	/**
	 * Customizes the logger provider.
	 * @param builder the builder, already configured from the properties
	 */
	default void customize(SdkLoggerProviderBuilder builder) {
	}

}
