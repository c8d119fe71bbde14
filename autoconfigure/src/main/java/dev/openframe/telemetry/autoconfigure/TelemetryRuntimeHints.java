package dev.openframe.telemetry.autoconfigure;

import java.util.List;

import dev.openframe.telemetry.autoconfigure.jdbc.JdbcTelemetryProperties;
import dev.openframe.telemetry.autoconfigure.kafka.KafkaTelemetryProperties;
import dev.openframe.telemetry.autoconfigure.logging.ConsoleLoggingProperties;
import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import dev.openframe.telemetry.autoconfigure.repository.ProblemDetailsProperties;
import dev.openframe.telemetry.autoconfigure.repository.RepositoryTelemetryProperties;
import dev.openframe.telemetry.autoconfigure.web.HttpTelemetryProperties;
import dev.openframe.telemetry.logging.EcsLogFormatter;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What the starter reaches by reflection, for Spring AOT and native images (registered in
 * {@code META-INF/spring/aot.factories}). On the JVM with {@code -Dspring.aot.enabled=true}
 * none of it is needed; a native image needs all of it.
 */
class TelemetryRuntimeHints implements RuntimeHintsRegistrar {

	/**
	 * Classes instantiated by Spring Boot from {@code META-INF/spring.factories} through their
	 * declared (non-public) constructors. Spring's own {@code SpringFactoriesLoaderRuntimeHints}
	 * covers them as well; they are listed here so that the starter does not depend on it.
	 */
	static final List<String> SPRING_FACTORIES = List.of(
			"dev.openframe.telemetry.autoconfigure.OtelEnvironmentVariablesPostProcessor",
			"dev.openframe.telemetry.autoconfigure.metrics.PrometheusExposurePostProcessor",
			"dev.openframe.telemetry.autoconfigure.metrics.PrometheusExemplarsPostProcessor",
			"dev.openframe.telemetry.autoconfigure.web.HttpObservationDefaultsPostProcessor",
			"dev.openframe.telemetry.autoconfigure.TelemetryFailureAnalyzer",
			"dev.openframe.telemetry.autoconfigure.otel.StartupLogCapture",
			"dev.openframe.telemetry.autoconfigure.web.WebMvcObservationExclusion");

	/**
	 * Connection pools whose JDBC URL {@code DbSystems} reads by reflection, with the classes
	 * that declare the getter.
	 */
	static final List<String> DATA_SOURCES = List.of("com.zaxxer.hikari.HikariDataSource", "com.zaxxer.hikari.HikariConfig",
			"org.apache.tomcat.jdbc.pool.DataSource",
			"org.apache.tomcat.jdbc.pool.DataSourceProxy", "org.apache.commons.dbcp2.BasicDataSource",
			"oracle.ucp.jdbc.PoolDataSourceImpl", "org.springframework.jdbc.datasource.SimpleDriverDataSource",
			"org.springframework.jdbc.datasource.DriverManagerDataSource",
			"org.springframework.jdbc.datasource.AbstractDriverBasedDataSource");

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// Bound by the Binder outside the beans too (conditions, environment post-processors).
		BindableRuntimeHintsRegistrar
			.forTypes(TelemetryProperties.class, HttpTelemetryProperties.class, RepositoryTelemetryProperties.class,
					ProblemDetailsProperties.class, JdbcTelemetryProperties.class, KafkaTelemetryProperties.class,
					ConsoleLoggingProperties.class)
			.registerHints(hints, classLoader);
		// Named in 'logging.structured.format.console' and instantiated by Spring Boot.
		hints.reflection().registerType(EcsLogFormatter.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
		for (String type : SPRING_FACTORIES) {
			hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
		for (String type : DATA_SOURCES) {
			hints.reflection().registerTypeIfPresent(classLoader, type, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
	}

}
