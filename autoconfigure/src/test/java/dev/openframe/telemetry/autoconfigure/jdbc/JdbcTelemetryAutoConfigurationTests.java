package dev.openframe.telemetry.autoconfigure.jdbc;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import dev.openframe.telemetry.jdbc.internal.JdbcTracingPostProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.instrumentation.jdbc.internal.OpenTelemetryConnection;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.DbAttributes;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-off and wrapping rules of {@link JdbcTelemetryAutoConfiguration}, on a real
 * H2 database with an in-memory span exporter.
 */
class JdbcTelemetryAutoConfigurationTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final OpenTelemetry openTelemetry = OpenTelemetrySdk.builder()
		.setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcTelemetryAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> this.openTelemetry)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	private static DriverManagerDataSource h2(String name) {
		return new DriverManagerDataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	@Test
	void wrapsDataSourceBeanKeepingItsType() {
		this.runner.withBean("dataSource", DataSource.class, () -> h2("wrap")).run((context) -> {
			assertThat(context).hasSingleBean(JdbcTracingPostProcessor.class);
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(DriverManagerDataSource.class);
			assertThat(AopUtils.isCglibProxy(dataSource)).isTrue();
			assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT 'x' || 1", String.class)).isEqualTo("x1");
			assertThat(clientSpans()).singleElement().satisfies((span) -> {
				assertThat(span.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo("h2database");
				assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).isEqualTo("SELECT ? || ?");
			});
			assertThat(context.getBean(MeterRegistry.class).get("db.client.operation.duration").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void wrapsFinalDataSourceThroughItsInterfaces() {
		this.runner.withBean("dataSource", DataSource.class, () -> new FinalDataSource(h2("final"))).run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(AopUtils.isJdkDynamicProxy(dataSource)).isTrue();
			new JdbcTemplate(dataSource).execute("SELECT 1");
			assertThat(clientSpans()).hasSize(1);
		});
	}

	@Test
	void leavesOpenTelemetryDataSourceOfTheApplicationAlone() {
		// Made as an application makes it: in a bean method, once the starter is set up.
		AtomicReference<DataSource> wrapped = new AtomicReference<>();
		this.runner.withBean("dataSource", DataSource.class, () -> {
			wrapped.set(JdbcTelemetry.create(this.openTelemetry).wrap(h2("own")));
			return wrapped.get();
		}).run((context) -> {
			assertThat(context.getBean(DataSource.class)).isSameAs(wrapped.get());
			new JdbcTemplate(context.getBean(DataSource.class)).execute("SELECT 1");
			assertThat(clientSpans()).hasSize(1);
		});
	}

	@Test
	void leavesDelegatingDataSourceAroundOpenTelemetryDataSourceAlone() {
		AtomicReference<DataSource> wrapped = new AtomicReference<>();
		this.runner.withBean("dataSource", DataSource.class, () -> {
			wrapped.set(new TransactionAwareDataSourceProxy(JdbcTelemetry.create(this.openTelemetry)
				.wrap(h2("delegating"))));
			return wrapped.get();
		}).run((context) -> assertThat(context.getBean(DataSource.class)).isSameAs(wrapped.get()));
	}

	@Test
	void twoDataSourceBeansOverOneAnotherTraceEachStatementOnce() {
		this.runner.withBean("target", DataSource.class, () -> h2("layered"))
			.withBean("dataSource", DataSource.class,
					() -> new TransactionAwareDataSourceProxy(h2("layered")))
			.run((context) -> {
				DataSource outer = context.getBean("dataSource", DataSource.class);
				new JdbcTemplate(outer).execute("SELECT 1");
				assertThat(clientSpans()).hasSize(1);
				try (var connection = outer.getConnection()) {
					assertThat(connection).isInstanceOf(OpenTelemetryConnection.class);
				}
			});
	}

	@Test
	void queryTextOffLeavesTheTextOut() {
		this.runner.withBean("dataSource", DataSource.class, () -> h2("off"))
			.withPropertyValues("openframe.telemetry.jdbc.query-text=off")
			.run((context) -> {
				new JdbcTemplate(context.getBean(DataSource.class)).execute("SELECT 1");
				assertThat(clientSpans()).singleElement().satisfies((span) -> {
					assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_TEXT)).isNull();
					assertThat(span.getAttributes().get(DbAttributes.DB_QUERY_SUMMARY)).isEqualTo("SELECT");
				});
			});
	}

	@Test
	void disabledByProperty() {
		this.runner.withBean("dataSource", DataSource.class, () -> h2("disabled"))
			.withPropertyValues("openframe.telemetry.jdbc.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JdbcTracingPostProcessor.class);
				assertThat(AopUtils.isAopProxy(context.getBean(DataSource.class))).isFalse();
			});
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withBean("dataSource", DataSource.class, () -> h2("all-off"))
			.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(DataSource.class))).isFalse());
	}

	@Test
	void backsOffWhenTheInstrumentationIsMissing() {
		this.runner.withClassLoader(new FilteredClassLoader(OpenTelemetryConnection.class))
			.withBean("dataSource", DataSource.class, () -> h2("missing"))
			.run((context) -> assertThat(context).doesNotHaveBean(JdbcTracingPostProcessor.class));
	}

	@Test
	void unknownQueryTextModeStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("openframe.telemetry.jdbc.query-text=raw").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.startsWith("'openframe.telemetry.jdbc.query-text' must be one of 'sanitized', 'off' but was 'raw'");
		});
	}

	private List<SpanData> clientSpans() {
		return this.spans.getFinishedSpanItems().stream().filter((span) -> span.getKind() == SpanKind.CLIENT).toList();
	}

	/** What the registered failure analyzers say, as Spring Boot would ask them at start-up. */
	private static FailureAnalysis analyze(Throwable failure) {
		// Analyzers that need more than an environment are skipped, as they are not the ones under test.
		for (FailureAnalyzer analyzer : SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.of(Environment.class, null),
					SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
					}))) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

	/** A data source class that cannot be subclassed. */
	static final class FinalDataSource extends DelegatingDataSource {

		FinalDataSource(DataSource target) {
			super(target);
		}

	}

}
