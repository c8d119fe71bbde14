package dev.openframe.telemetry.autoconfigure.otel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.logging.SystemOutLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each signal's exporter is chosen by {@code openframe.telemetry.<signal>.exporter} or
 * {@code OTEL_<SIGNAL>S_EXPORTER}: {@code otlp}, {@code console} or {@code none}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExporterChoiceTests {

	private static final String ENDPOINT = "openframe.telemetry.otlp.endpoint=http://127.0.0.1:9";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void otlpIsTheDefault() {
		this.runner.withPropertyValues(ENDPOINT).run((context) -> {
			assertThat(context.getBean(MetricExporter.class)).isInstanceOf(OtlpHttpMetricExporter.class);
			assertThat(context.getBean(LogRecordExporter.class)).isInstanceOf(OtlpHttpLogRecordExporter.class);
		});
	}

	@Test
	void consolePropertyReplacesOnlyThatSignalsOtlpExporter() {
		this.runner.withPropertyValues(ENDPOINT, "openframe.telemetry.traces.exporter=console").run((context) -> {
			assertThat(context.getBean(SpanExporter.class)).isInstanceOf(LoggingSpanExporter.class);
			assertThat(context).hasSingleBean(BatchSpanProcessor.class);
			assertThat(context.getBean(MetricExporter.class)).isInstanceOf(OtlpHttpMetricExporter.class);
		});
	}

	@Test
	void consoleNeedsNoOtlpEndpoint() {
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_TRACES_EXPORTER=console", "OTEL_METRICS_EXPORTER=console",
					"OTEL_LOGS_EXPORTER=console"))
			.run((context) -> {
				assertThat(context.getBean(SpanExporter.class)).isInstanceOf(LoggingSpanExporter.class);
				assertThat(context.getBean(MetricExporter.class)).isInstanceOf(LoggingMetricExporter.class);
				assertThat(context).hasSingleBean(PeriodicMetricReader.class);
				assertThat(context.getBean(LogRecordExporter.class)).isInstanceOf(SystemOutLogRecordExporter.class);
				assertThat(context).hasSingleBean(BatchLogRecordProcessor.class);
			});
	}

	@Test
	void noneExportsNothingEvenWithAnEndpoint() {
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9",
					"OTEL_TRACES_EXPORTER=none", "OTEL_METRICS_EXPORTER=none", "OTEL_LOGS_EXPORTER=none"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpanExporter.class)
				.doesNotHaveBean(BatchSpanProcessor.class)
				.doesNotHaveBean(MetricExporter.class)
				.doesNotHaveBean(PeriodicMetricReader.class)
				.doesNotHaveBean(LogRecordExporter.class)
				.doesNotHaveBean(BatchLogRecordProcessor.class));
	}

	@Test
	void startupLineSaysExportersAreNoneRatherThanNoEndpoint(CapturedOutput output) {
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:9",
					"OTEL_TRACES_EXPORTER=none", "OTEL_METRICS_EXPORTER=none", "OTEL_LOGS_EXPORTER=none"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getOut().lines().filter((line) -> line.contains("OpenTelemetry export is off")))
					.singleElement()
					.asString()
					.contains("INFO", "is 'none'", "OTEL_TRACES_EXPORTER")
					.doesNotContain("no OTLP endpoint");
			});
	}

	@Test
	void startupLineNamesTheMissingEndpointWhenOneSignalWouldGoToOtlp(CapturedOutput output) {
		this.runner.withPropertyValues("openframe.telemetry.traces.exporter=none", "openframe.telemetry.logs.enabled=false")
			.run((context) -> assertThat(output.getOut().lines()
				.filter((line) -> line.contains("OpenTelemetry export is off")))
				.singleElement()
				.asString()
				.contains("no OTLP endpoint is set", "OTEL_EXPORTER_OTLP_ENDPOINT"));
	}

	@Test
	void disabledSignalIgnoresItsConsoleExporter() {
		this.runner
			.withPropertyValues("openframe.telemetry.traces.exporter=console", "openframe.telemetry.traces.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpanExporter.class));
	}

	@Test
	void consoleExporterPrintsEndedSpans() {
		Logger logger = Logger.getLogger(LoggingSpanExporter.class.getName());
		List<String> printed = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {
			@Override
			public void publish(LogRecord record) {
				printed.add(record.getMessage());
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		logger.addHandler(handler);
		try {
			this.runner.withPropertyValues("openframe.telemetry.traces.exporter=console").run((context) -> {
				OpenTelemetrySdk sdk = context.getBean(OpenTelemetrySdk.class);
				Span span = sdk.getTracer("test").spanBuilder("checkout").startSpan();
				span.end();
				sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
				assertThat(printed).singleElement()
					.asString()
					.contains("'checkout'", span.getSpanContext().getTraceId());
			});
		}
		finally {
			logger.removeHandler(handler);
		}
	}

}
