package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link ContextPropagators} bean follows {@code openframe.telemetry.propagators} and
 * {@code OTEL_PROPAGATORS}, and the SDK hands it to everything that reads or writes headers.
 */
class PropagatorsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void w3cTraceContextAndBaggageByDefault() {
		this.runner.run((context) -> assertThat(
				context.getBean(OpenTelemetrySdk.class).getPropagators().getTextMapPropagator().fields())
			.containsExactly("traceparent", "tracestate", "baggage"));
	}

	@Test
	void variableChoosesEveryListedPropagatorInOrder() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_PROPAGATORS=b3multi, jaeger,ottrace,xray,b3"))
			.run((context) -> assertThat(context.getBean(ContextPropagators.class).getTextMapPropagator().fields())
				.containsSubsequence("X-B3-TraceId", "uber-trace-id", "ot-tracer-traceid", "X-Amzn-Trace-Id", "b3")
				.doesNotContain("traceparent", "baggage"));
	}

	@Test
	void noneIsTheNoopPropagator() {
		this.runner.withPropertyValues("openframe.telemetry.propagators=none")
			.run((context) -> assertThat(context.getBean(OpenTelemetrySdk.class).getPropagators())
				.isSameAs(ContextPropagators.noop()));
	}

}
