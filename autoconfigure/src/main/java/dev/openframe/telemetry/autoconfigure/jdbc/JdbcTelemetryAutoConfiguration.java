package dev.openframe.telemetry.autoconfigure.jdbc;

import java.util.function.Supplier;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.jdbc.internal.JdbcInstrumentation;
import dev.openframe.telemetry.jdbc.internal.JdbcTracingPostProcessor;
import dev.openframe.telemetry.otel.internal.StableSemconvOptIn;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of SQL statement spans: every {@code DataSource} bean hands out connections
 * whose statements get a CLIENT span (OpenTelemetry's JDBC instrumentation) and are measured in
 * {@code db.client.operation.duration}. OpenTelemetry, the meter registry and the properties are
 * resolved when the first connection is asked for, never while beans are post-processed.
 */
@AutoConfiguration(after = TelemetrySdkAutoConfiguration.class)
@ConditionalOnClass(name = { "javax.sql.DataSource", "org.springframework.aop.framework.ProxyFactory",
		"io.opentelemetry.instrumentation.jdbc.internal.OpenTelemetryConnection",
		"io.micrometer.core.instrument.MeterRegistry" })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.jdbc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JdbcTelemetryProperties.class)
public final class JdbcTelemetryAutoConfiguration {

	JdbcTelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	static JdbcTracingPostProcessor jdbcTracingPostProcessor(ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<JdbcTelemetryProperties> properties) {
		// Before any instrumentation class reads it; post-processors are made before other beans.
		StableSemconvOptIn.database();
		Supplier<JdbcInstrumentation> instrumentation = SingletonSupplier
			.of(() -> JdbcInstrumentation.create(openTelemetry.getIfAvailable(OpenTelemetry::noop),
					properties.getObject().getQueryText() == JdbcQueryText.SANITIZED, meterRegistry::getIfUnique));
		return new JdbcTracingPostProcessor(instrumentation);
	}

}
