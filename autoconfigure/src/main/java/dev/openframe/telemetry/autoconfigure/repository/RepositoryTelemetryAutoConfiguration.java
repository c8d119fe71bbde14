package dev.openframe.telemetry.autoconfigure.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.repository.AdapterErrorMapper;
import dev.openframe.telemetry.repository.internal.AdapterErrorTranslator;
import dev.openframe.telemetry.repository.internal.AdapterNames;
import dev.openframe.telemetry.repository.internal.DbSystems;
import dev.openframe.telemetry.repository.internal.DefaultAdapterErrorMappers;
import dev.openframe.telemetry.repository.internal.RepositoryTracingInterceptor;
import dev.openframe.telemetry.repository.internal.RepositoryTracingPostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * Auto-configuration of the tracing proxy around {@code @Repository} beans and Spring Data
 * repositories; needs {@code spring-context} only, Spring's data-access exceptions are mapped
 * when {@code spring-tx} is there. Its collaborators (OpenTelemetry, the meter registry, the error
 * mappers, the data source) are resolved on first use, never while beans are being
 * post-processed.
 */
@AutoConfiguration(after = TelemetrySdkAutoConfiguration.class,
		afterName = "org.springframework.boot.persistence.autoconfigure.PersistenceExceptionTranslationAutoConfiguration")
// No spring-tx condition: tracing, metrics and SQLState mapping work with spring-context alone.
@ConditionalOnClass({ OpenTelemetry.class, MeterRegistry.class, org.springframework.aop.framework.ProxyFactory.class })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.repository.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RepositoryTelemetryProperties.class)
public final class RepositoryTelemetryAutoConfiguration {

	RepositoryTelemetryAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	static RepositoryTracingPostProcessor repositoryTracingPostProcessor(ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<AdapterErrorMapper> mappers,
			ObjectProvider<DataSource> dataSource) {
		Supplier<Tracer> tracer = SingletonSupplier.of(() -> openTelemetry.getIfAvailable(OpenTelemetry::noop)
			.getTracer("dev.openframe.telemetry.repository"));
		Supplier<String> dbSystem = SingletonSupplier.of(() -> DbSystems.of(dataSource.getIfUnique()));
		Supplier<AdapterErrorTranslator> translator = SingletonSupplier.of(() -> {
			List<AdapterErrorMapper> chain = new ArrayList<>(mappers.orderedStream().toList());
			chain.addAll(DefaultAdapterErrorMappers.all());
			return new AdapterErrorTranslator(chain);
		});
		return new RepositoryTracingPostProcessor((type) -> new RepositoryTracingInterceptor(AdapterNames.of(type),
				dbSystem, tracer, meterRegistry::getIfUnique, translator));
	}

}
