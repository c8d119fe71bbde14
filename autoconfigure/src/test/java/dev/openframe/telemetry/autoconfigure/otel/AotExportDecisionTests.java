package dev.openframe.telemetry.autoconfigure.otel;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.otel.internal.ExportStatistics;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.AbstractAotProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring AOT, conditions are evaluated at build time, where the OTLP endpoint is usually
 * unknown: the OTLP exporter beans are then always registered, and decide when the application
 * runs whether their signal is exported. Emulated here by setting the AOT processing flag.
 */
class AotExportDecisionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class))
		.withSystemProperties(AbstractAotProcessor.AOT_PROCESSING + "=true");

	@Test
	void exportersRegisteredAtBuildTimeAreAbsentWithoutEndpointAtRunTime() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBeanProvider(SpanExporter.class).stream()).isEmpty();
			assertThat(context.getBeanProvider(BatchSpanProcessor.class).stream()).isEmpty();
			assertThat(context.getBeanProvider(MetricExporter.class).stream()).isEmpty();
			assertThat(context.getBeanProvider(PeriodicMetricReader.class).stream()).isEmpty();
			assertThat(context.getBeanProvider(LogRecordExporter.class).stream()).isEmpty();
			assertThat(context.getBeanProvider(BatchLogRecordProcessor.class).stream()).isEmpty();
			assertThat(context.getBean(ExportStatistics.class).exportedSignals()).isEmpty();
		});
	}

	@Test
	void endpointGivenOnlyAtRunTimeExports() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9"))
			.run((context) -> {
				assertThat(context.getBean(SpanExporter.class)).isInstanceOf(OtlpHttpSpanExporter.class);
				assertThat(context).hasSingleBean(BatchSpanProcessor.class)
					.hasSingleBean(PeriodicMetricReader.class)
					.hasSingleBean(BatchLogRecordProcessor.class);
			});
	}

	@Test
	void exporterNoneAtRunTimeExportsThatSignalNot() {
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9",
					"OTEL_TRACES_EXPORTER=none"))
			.run((context) -> {
				assertThat(context.getBeanProvider(SpanExporter.class).stream()).isEmpty();
				assertThat(context.getBeanProvider(BatchSpanProcessor.class).stream()).isEmpty();
				assertThat(context).hasSingleBean(PeriodicMetricReader.class);
			});
	}

}
