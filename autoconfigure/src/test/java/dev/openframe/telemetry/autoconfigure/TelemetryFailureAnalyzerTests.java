package dev.openframe.telemetry.autoconfigure;

import java.util.function.Consumer;

import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each kind of bad configuration stops start-up with a description naming the property or
 * {@code OTEL_*} variable, the rejected value and what is allowed.
 */
class TelemetryFailureAnalyzerTests {

	private Environment environment;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer((context) -> this.environment = context.getEnvironment())
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void malformedEndpointUrl() {
		assertFailure("openframe.telemetry.otlp.endpoint=localhost:4318", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.otlp.endpoint' must be an absolute 'http://' or 'https://' URL")
			.contains("but was 'localhost:4318'"));
	}

	@Test
	void endpointWithInvalidCharacters() {
		assertFailure("openframe.telemetry.traces.endpoint=http://exa mple.com/v1/traces",
				(analysis) -> assertThat(analysis.getDescription())
					.contains("'openframe.telemetry.traces.endpoint' must be an absolute")
					.contains("but was 'http://exa mple.com/v1/traces'"));
	}

	@Test
	void unknownProtocol() {
		assertFailure("openframe.telemetry.otlp.protocol=thrift", (analysis) -> assertThat(analysis.getDescription())
			.startsWith("'openframe.telemetry.otlp.protocol' must be one of 'http/protobuf', 'grpc' but was 'thrift'"));
	}

	@Test
	void unknownSampler() {
		assertFailure("openframe.telemetry.traces.sampler=sometimes", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.traces.sampler' must be one of 'always_on', 'always_off', "
					+ "'traceidratio', 'parentbased_always_on', 'parentbased_always_off', "
					+ "'parentbased_traceidratio' but was 'sometimes'"));
	}

	@Test
	void unknownCompression() {
		assertFailure("openframe.telemetry.otlp.compression=zstd", (analysis) -> assertThat(analysis.getDescription())
			.startsWith("'openframe.telemetry.otlp.compression' must be one of 'gzip', 'none' but was 'zstd'"));
	}

	@Test
	void samplerRatioAboveOne() {
		assertFailure("openframe.telemetry.traces.sampler-ratio=1.5", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.traces.sampler-ratio' must be between 0 and 1 but was '1.5'"));
	}

	@Test
	void samplerRatioBelowZero() {
		assertFailure("openframe.telemetry.traces.sampler-ratio=-0.1", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.traces.sampler-ratio' must be between 0 and 1 but was '-0.1'"));
	}

	@Test
	void zeroTimeout() {
		assertFailure("openframe.telemetry.otlp.timeout=0s", (analysis) -> assertThat(analysis.getDescription())
			.startsWith("'openframe.telemetry.otlp.timeout' must be a positive duration such as '10s' but was '0s'"));
	}

	@Test
	void negativeExportInterval() {
		assertFailure("openframe.telemetry.metrics.export-interval=-5s", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.metrics.export-interval' must be a positive duration"));
	}

	@Test
	void unparsableDuration() {
		assertFailure("openframe.telemetry.shutdown-timeout=soon", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.shutdown-timeout' must be a duration such as '10s' or '500ms' "
					+ "but was 'soon'"));
	}

	@Test
	void zeroQueueSize() {
		assertFailure("openframe.telemetry.traces.batch.max-queue-size=0", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.traces.batch.max-queue-size' must be a positive number but was '0'"));
	}

	@Test
	void negativeBatchSize() {
		assertFailure("openframe.telemetry.traces.batch.max-export-batch-size=-1", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.traces.batch.max-export-batch-size' must be a positive number"));
	}

	@Test
	void headerEntryWithoutEquals() {
		this.runner.withInitializer((context) -> {
			try {
				EnvironmentVariables.of("OTEL_EXPORTER_OTLP_HEADERS=api-key=abc,broken-entry").initialize(context);
			}
			catch (InvalidTelemetryPropertyException ex) {
				FailureAnalysis analysis = new TelemetryFailureAnalyzer(context.getEnvironment()).analyze(ex);
				assertThat(analysis.getDescription()).isEqualTo("'OTEL_EXPORTER_OTLP_HEADERS' must be a list of "
						+ "'key=value' entries separated by ',' but was 'broken-entry'");
				throw ex;
			}
		}).run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void badOtelVariableNamesTheVariable() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_TRACES_SAMPLER=sometimes")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith(
					"'OTEL_TRACES_SAMPLER' (bound to 'openframe.telemetry.traces.sampler') must be one of 'always_on'")
				.endsWith("but was 'sometimes'");
			assertThat(analysis.getAction()).contains("the environment variable 'OTEL_TRACES_SAMPLER'");
		});
	}

	@Test
	void badHistogramAggregationVariableNamesTheVariableAndTheAllowedValues() {
		this.runner
			.withInitializer(
					EnvironmentVariables.of("OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION=exponential"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo(
						"'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION' (bound to "
								+ "'openframe.telemetry.metrics.histogram-aggregation') must be one of "
								+ "'explicit_bucket_histogram', 'base2_exponential_bucket_histogram' but was 'exponential'");
			});
	}

	@Test
	void badHistogramAggregationProperty() {
		assertFailure("openframe.telemetry.metrics.histogram-aggregation=buckets",
				(analysis) -> assertThat(analysis.getDescription())
					.startsWith("'openframe.telemetry.metrics.histogram-aggregation' must be one of "
							+ "'explicit_bucket_histogram', 'base2_exponential_bucket_histogram' but was 'buckets'"));
	}

	@Test
	void badOtelTimeoutNamesTheVariable() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_EXPORTER_OTLP_TIMEOUT=0")).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).startsWith(
					"'OTEL_EXPORTER_OTLP_TIMEOUT' (bound to 'openframe.telemetry.otlp.timeout') must be a positive");
		});
	}

	@Test
	void grpcWithoutSenderNamesTheDependency() {
		ClassPathResource okHttpSender = new ClassPathResource(
				"META-INF/services/io.opentelemetry.sdk.common.export.GrpcSenderProvider");
		this.runner.withClassLoader(new FilteredClassLoader(okHttpSender))
			.withPropertyValues("openframe.telemetry.otlp.endpoint=http://127.0.0.1:4317",
					"openframe.telemetry.otlp.protocol=grpc")
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).startsWith("'openframe.telemetry.otlp.protocol' must be "
						+ "'http/protobuf' unless a gRPC sender is on the class path but was 'grpc'");
				assertThat(analysis.getAction())
					.contains("io.opentelemetry:opentelemetry-exporter-sender-okhttp");
			});
	}

	@Test
	void unknownExporterVariableNamesTheVariableAndTheAllowedValues() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_METRICS_EXPORTER=zipkin")).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).isEqualTo("'OTEL_METRICS_EXPORTER' (bound to "
					+ "'openframe.telemetry.metrics.exporter') must be one of 'otlp', 'console', 'none' but was 'zipkin'");
			assertThat(analysis.getAction()).contains("the environment variable 'OTEL_METRICS_EXPORTER'");
		});
	}

	@Test
	void consoleExporterWithoutItsLibraryNamesTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry.exporter.logging"))
			.withInitializer(EnvironmentVariables.of("OTEL_TRACES_EXPORTER=console"))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("'OTEL_TRACES_EXPORTER' (bound to "
						+ "'openframe.telemetry.traces.exporter') must be 'otlp' or 'none' unless "
						+ "'io.opentelemetry:opentelemetry-exporter-logging' is on the class path but was 'console'");
				assertThat(analysis.getAction())
					.startsWith("Add the dependency 'io.opentelemetry:opentelemetry-exporter-logging'");
			});
	}

	@Test
	void xrayPropagatorWithoutItsLibraryNamesTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry.contrib.awsxray"))
			.withInitializer(EnvironmentVariables.of("OTEL_PROPAGATORS=tracecontext,xray"))
			.run((context) -> {
				FailureAnalysis analysis = analyze(context);
				assertThat(analysis.getDescription()).isEqualTo("'OTEL_PROPAGATORS' (bound to "
						+ "'openframe.telemetry.propagators') must name only propagators whose library is on the class "
						+ "path ('xray' needs 'io.opentelemetry.contrib:opentelemetry-aws-xray-propagator') but was "
						+ "'tracecontext,xray'");
				assertThat(analysis.getAction())
					.startsWith("Add the dependency 'io.opentelemetry.contrib:opentelemetry-aws-xray-propagator'");
			});
	}

	@Test
	void b3PropagatorWithoutItsLibraryNamesTheDependency() {
		this.runner.withClassLoader(new FilteredClassLoader("io.opentelemetry.extension.trace.propagation"))
			.withPropertyValues("openframe.telemetry.propagators=b3")
			.run((context) -> assertThat(analyze(context).getAction())
				.startsWith("Add the dependency 'io.opentelemetry:opentelemetry-extension-trace-propagators'"));
	}

	@Test
	void nonePropagatorWithOthers() {
		assertFailure("openframe.telemetry.propagators=none,b3", (analysis) -> assertThat(analysis.getDescription())
			.startsWith("'openframe.telemetry.propagators' must be 'none' alone or a list without 'none' but was "));
	}

	@Test
	void unknownPropagatorNamesTheAllowedValues() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_PROPAGATORS=tracecontext,w3c")).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).isEqualTo("'OTEL_PROPAGATORS' (bound to "
					+ "'openframe.telemetry.propagators') must be one of 'tracecontext', 'baggage', 'b3', 'b3multi', "
					+ "'jaeger', 'ottrace', 'xray', 'none' but was 'tracecontext,w3c'");
		});
	}

	@Test
	void negativeLimitVariableNamesTheVariable() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_SPAN_EVENT_COUNT_LIMIT=-1")).run((context) -> {
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).isEqualTo("'OTEL_SPAN_EVENT_COUNT_LIMIT' (bound to "
					+ "'openframe.telemetry.traces.limits.event-count') must be zero or a positive number but was '-1'");
		});
	}

	@Test
	void nonNumericLimit() {
		assertFailure("openframe.telemetry.limits.attribute-value-length=long", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.limits.attribute-value-length' must be a number but was 'long'"));
	}

	@Test
	void zeroLogQueueSize() {
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_BLRP_MAX_QUEUE_SIZE=0")).run((context) -> assertThat(
				analyze(context).getDescription())
			.isEqualTo("'OTEL_BLRP_MAX_QUEUE_SIZE' (bound to 'openframe.telemetry.logs.batch.max-queue-size') must be "
					+ "a positive number but was '0'"));
	}

	@Test
	void unknownExemplarFilter() {
		assertFailure("openframe.telemetry.metrics.exemplar-filter=sometimes", (analysis) -> assertThat(
				analysis.getDescription())
			.startsWith("'openframe.telemetry.metrics.exemplar-filter' must be one of 'trace_based', 'always_on', "
					+ "'always_off' but was 'sometimes'"));
	}

	@Test
	void ignoresFailuresOfOtherProperties() {
		assertThat(new TelemetryFailureAnalyzer(null).analyze(new IllegalStateException("unrelated"))).isNull();
	}

	private FailureAnalysis analyze(AssertableApplicationContext context) {
		return new TelemetryFailureAnalyzer(this.environment).analyze(context.getStartupFailure());
	}

	private void assertFailure(String property, Consumer<FailureAnalysis> assertions) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
			assertions.accept(analysis);
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

}
