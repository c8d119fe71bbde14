package dev.openframe.telemetry;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the public API what the README says it is: every public type outside an
 * {@code ...internal} package is listed here. A new one fails this test until it is added here
 * and to the README's "Public API" section on purpose.
 */
class PublicApiTests {

	/** The API users may touch, as the README lists it. */
	private static final Set<String> API = Set.of(
			// Configuration properties and the enums of their values.
			"autoconfigure.otel.TelemetryProperties", "autoconfigure.otel.OtlpProtocol",
			"autoconfigure.otel.OtlpCompression", "autoconfigure.otel.SamplerType", "autoconfigure.otel.ExporterType",
			"autoconfigure.otel.PropagatorType", "autoconfigure.otel.ExemplarFilterType",
			"autoconfigure.otel.MetricsTemporality", "autoconfigure.otel.HistogramAggregation",
			"autoconfigure.web.HttpTelemetryProperties", "autoconfigure.repository.RepositoryTelemetryProperties",
			"autoconfigure.repository.ProblemDetailsProperties", "autoconfigure.logging.ConsoleLoggingProperties",
			"autoconfigure.kafka.KafkaTelemetryProperties",
			"autoconfigure.jdbc.JdbcTelemetryProperties", "autoconfigure.jdbc.JdbcQueryText",
			"autoconfigure.tasks.TaskTelemetryProperties",
			// Customizers, one per builder.
			"autoconfigure.otel.SdkTracerProviderBuilderCustomizer", "autoconfigure.otel.SdkMeterProviderBuilderCustomizer",
			"autoconfigure.otel.SdkLoggerProviderBuilderCustomizer",
			"autoconfigure.otel.OtlpHttpSpanExporterBuilderCustomizer",
			"autoconfigure.otel.OtlpGrpcSpanExporterBuilderCustomizer",
			"autoconfigure.otel.OtlpHttpMetricExporterBuilderCustomizer",
			"autoconfigure.otel.OtlpGrpcMetricExporterBuilderCustomizer",
			"autoconfigure.otel.OtlpHttpLogRecordExporterBuilderCustomizer",
			"autoconfigure.otel.OtlpGrpcLogRecordExporterBuilderCustomizer",
			// Runtime types an application names, registers, catches or implements.
			"logging.EcsLogFormatter", "web.TelemetryFilter", "repository.AdapterError",
			"repository.AdapterErrorKind", "repository.AdapterNotFoundError", "repository.AdapterConflictError",
			"repository.AdapterInvalidDataError", "repository.AdapterTimeoutError",
			"repository.AdapterConnectionError", "repository.AdapterQueryError", "repository.AdapterErrorMapper",
			"repository.AdapterName");

	/**
	 * Public for Spring's sake, not API: auto-configuration classes (named in
	 * {@code spring.autoconfigure.exclude} and in ordering), and the switch and failure shared by them.
	 */
	private static final Set<String> WIRING = Set.of("autoconfigure.ConditionalOnTelemetryEnabled",
			"autoconfigure.InvalidTelemetryPropertyException", "autoconfigure.otel.TelemetrySdkAutoConfiguration",
			"autoconfigure.otel.TelemetryTaskExecutionAutoConfiguration",
			"autoconfigure.health.TelemetryHealthAutoConfiguration",
			"autoconfigure.metrics.TelemetryMetricsAutoConfiguration",
			"autoconfigure.logging.ConsoleLoggingAutoConfiguration",
			"autoconfigure.repository.RepositoryTelemetryAutoConfiguration",
			"autoconfigure.repository.AdapterErrorProblemDetailsAutoConfiguration",
			"autoconfigure.web.HttpTelemetryAutoConfiguration", "autoconfigure.kafka.KafkaTelemetryAutoConfiguration",
			"autoconfigure.jdbc.JdbcTelemetryAutoConfiguration",
			"autoconfigure.metrics.PrometheusTargetInfoAutoConfiguration",
			"autoconfigure.tasks.TaskTelemetryAutoConfiguration");

	@Test
	void everyPublicTypeOutsideInternalPackagesIsListed() throws Exception {
		assertThat(publicTypesOutsideInternal()).containsExactlyInAnyOrderElementsOf(union(API, WIRING));
	}

	@Test
	void internalPackagesHoldTheRest() throws Exception {
		assertThat(mainTypes()).anyMatch((name) -> name.contains(".internal."));
	}

	private static Set<String> publicTypesOutsideInternal() throws Exception {
		Set<String> result = new TreeSet<>();
		for (String name : mainTypes()) {
			Class<?> type = Class.forName("dev.openframe.telemetry." + name, false,
					PublicApiTests.class.getClassLoader());
			if (!name.contains(".internal.") && !name.contains("$") && Modifier.isPublic(type.getModifiers())
					&& !name.endsWith("package-info")) {
				result.add(name);
			}
		}
		return result;
	}

	private static List<String> mainTypes() throws IOException {
		List<String> names = new ArrayList<>();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:dev/openframe/telemetry/**/*.class")) {
			String url = resource.getURL().toString();
			if (url.contains("/test-classes/") || !url.contains("/classes/")) {
				continue;
			}
			String root = "/classes/dev/openframe/telemetry/";
			String path = url.substring(url.indexOf(root) + root.length());
			names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
		}
		return names;
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new TreeSet<>(a);
		all.addAll(b);
		return all;
	}

}
