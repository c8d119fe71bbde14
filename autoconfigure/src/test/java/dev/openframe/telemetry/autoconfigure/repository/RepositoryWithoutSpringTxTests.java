package dev.openframe.telemetry.autoconfigure.repository;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.internal.RepositoryTracingInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Repository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without {@code spring-tx} (a repository over an in-memory map, only
 * {@code spring-context}) gets repository spans, metrics and the SQLState mapping. The scenario
 * runs in a class loader built from the test class path without {@code spring-tx},
 * {@code spring-jdbc} and Spring Data, so any class that still refers to them fails to load,
 * not only the auto-configuration's class conditions.
 */
class RepositoryWithoutSpringTxTests {

	/** Jars an application with only {@code spring-boot-starter-web} does not have. */
	private static final List<String> ABSENT = List.of("spring-tx-", "spring-jdbc-", "spring-data-",
			"spring-boot-jdbc-", "spring-boot-data-", "spring-boot-transaction-", "HikariCP-", "h2-", "postgresql-");

	@Test
	void repositoryIsTracedAndMeasuredWithoutSpringTxOnTheClassPath() throws Exception {
		try (URLClassLoader loader = withoutSpringTx()) {
			assertThat(loader.getResource("org/springframework/dao/DataAccessException.class")).isNull();
			Map<String, Object> result = run(loader);
			assertThat(result).containsEntry("proxied", true)
				.containsEntry("found", "value")
				.containsEntry("passedThrough", IllegalArgumentException.class.getName())
				.containsEntry("sqlStateClass22", "invalid_data")
				.containsEntry("otherSqlState", "query")
				.containsEntry("timerCount", 5L);
			assertThat(result.get("spans")).asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly("repository.keyValue.put success", "repository.keyValue.find success", "repository.keyValue.reject error",
						"repository.keyValue.truncate invalid_data", "repository.keyValue.broken query");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> run(ClassLoader loader) throws Exception {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			Class<?> scenario = Class.forName(Scenario.class.getName(), true, loader);
			var constructor = scenario.getDeclaredConstructor();
			constructor.setAccessible(true);
			return ((Supplier<Map<String, Object>>) constructor.newInstance()).get();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	private static URLClassLoader withoutSpringTx() throws MalformedURLException {
		// Surefire passes the class path in this property when it starts tests from a manifest-only jar.
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<URL> urls = new ArrayList<>();
		for (String entry : classPath.split(File.pathSeparator)) {
			String name = Path.of(entry).getFileName().toString();
			if (!entry.isBlank() && ABSENT.stream().noneMatch(name::startsWith)) {
				urls.add(Path.of(entry).toUri().toURL());
			}
		}
		assertThat(urls).as("test class path").hasSizeGreaterThan(10);
		return new URLClassLoader("without-spring-tx", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
	}

	/** Runs inside the class loader without spring-tx; answers in JDK types only. */
	static final class Scenario implements Supplier<Map<String, Object>> {

		private static final AttributeKey<String> OUTCOME = AttributeKey
			.stringKey(RepositoryTracingInterceptor.OUTCOME_ATTRIBUTE);

		@Override
		public Map<String, Object> get() {
			InMemorySpanExporter exporter = InMemorySpanExporter.create();
			OpenTelemetry openTelemetry = OpenTelemetrySdk.builder()
				.setTracerProvider(
						SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
				.build();
			Map<String, Object> result = new LinkedHashMap<>();
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(RepositoryTelemetryAutoConfiguration.class))
				.withBean(OpenTelemetry.class, () -> openTelemetry)
				.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
				.withBean(KeyValueRepository.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					KeyValueRepository repository = context.getBean(KeyValueRepository.class);
					result.put("proxied", AopUtils.isAopProxy(repository));
					repository.put("key", "value");
					result.put("found", repository.find("key"));
					try {
						repository.reject();
					}
					catch (IllegalArgumentException ex) {
						result.put("passedThrough", ex.getClass().getName());
					}
					result.put("sqlStateClass22", outcome(repository::truncate));
					result.put("otherSqlState", outcome(repository::broken));
					result.put("timerCount", context.getBean(MeterRegistry.class)
						.find(RepositoryTracingInterceptor.METER_NAME)
						.timers()
						.stream()
						.mapToLong((timer) -> timer.count())
						.sum());
					// Before the context closes: closing shuts the SDK down, which empties the exporter.
					result.put("spans", exporter.getFinishedSpanItems()
						.stream()
						.map((span) -> span.getName() + " " + span.getAttributes().get(OUTCOME))
						.toList());
				});
			return result;
		}

		private static String outcome(Runnable call) {
			try {
				call.run();
				return "none";
			}
			catch (AdapterError ex) {
				return ex.kind().outcome();
			}
		}

	}

	/** A repository over an in-memory map, as in an application without a database. */
	@Repository
	static class KeyValueRepository {

		private final Map<String, String> values = new ConcurrentHashMap<>();

		void put(String key, String value) {
			this.values.put(key, value);
		}

		String find(String key) {
			return this.values.get(key);
		}

		void reject() {
			throw new IllegalArgumentException("no");
		}

		void truncate() {
			throw new IllegalStateException("store failed", new SQLException("value too long", "22001"));
		}

		void broken() {
			throw new IllegalStateException("store failed", new SQLException("syntax", "42000"));
		}

	}

}
