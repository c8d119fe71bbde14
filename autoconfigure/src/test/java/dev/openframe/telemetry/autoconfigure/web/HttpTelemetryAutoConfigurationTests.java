package dev.openframe.telemetry.autoconfigure.web;

import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.client.internal.TracingClientHttpRequestInterceptor;
import dev.openframe.telemetry.web.TelemetryFilter;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import dev.openframe.telemetry.web.internal.OpenTelemetryExemplarSpanContext;
import dev.openframe.telemetry.web.internal.PathExclusions;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and back-off of {@link HttpTelemetryAutoConfiguration}.
 */
class HttpTelemetryAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class,
				HttpTelemetryAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class));

	@Test
	@SuppressWarnings("unchecked")
	void providesFilterFirstInServletApplication() {
		this.runner.run((context) -> {
			FilterRegistrationBean<TelemetryFilter> registration = context
				.getBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME, FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(TelemetryFilter.class);
			assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
			assertThat(registration.determineDispatcherTypes()).containsExactlyInAnyOrder(DispatcherType.REQUEST,
					DispatcherType.ASYNC, DispatcherType.ERROR);
			assertThat(context).hasSingleBean(HttpServerMetrics.class)
				.hasSingleBean(TracingClientHttpRequestInterceptor.class)
				.hasSingleBean(OpenTelemetryExemplarSpanContext.class);
		});
	}

	@Test
	void notInNonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, HttpTelemetryAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME));
	}

	@Test
	void notInReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TelemetrySdkAutoConfiguration.class, HttpTelemetryAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("openframe.telemetry.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME)
				.doesNotHaveBean(HttpServerMetrics.class));
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME));
	}

	@Test
	void backsOffWhenUserRegistersTheFilter() {
		this.runner.withBean("myTelemetryFilter", TelemetryFilter.class,
				() -> new TelemetryFilter(OpenTelemetry.noop(), null, "x-session-id", new PathExclusions(java.util.List.of()),
						false))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME)
				.hasBean("myTelemetryFilter"));
	}

	@Test
	void usesUserOpenTelemetry() {
		this.runner.withBean(OpenTelemetry.class, OpenTelemetry::noop)
			.run((context) -> assertThat(context).hasBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME)
				.doesNotHaveBean(io.opentelemetry.sdk.OpenTelemetrySdk.class));
	}

	@Test
	void worksWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer", "io.prometheus"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean(HttpTelemetryAutoConfiguration.FILTER_REGISTRATION_NAME)
				.doesNotHaveBean(HttpServerMetrics.class));
	}

	@Test
	void invalidSessionHeaderStopsStartup() {
		this.runner.withPropertyValues("openframe.telemetry.http.session-header=x session")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'openframe.telemetry.http.session-header' must be an HTTP header name (letters, digits "
						+ "and '-') but was 'x session'"));
	}

	@Test
	void invalidSessionHostPatternStopsStartup() {
		this.runner.withPropertyValues("openframe.telemetry.http.client.propagate-session-to=localhost,10.0.0.0/8")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("'openframe.telemetry.http.client.propagate-session-to' must hold host names, IP "
						+ "addresses, '*.suffix' patterns, '*', 'loopback', 'private-addresses' or 'single-label' "
						+ "but was '10.0.0.0/8'"));
	}

	@Test
	void sessionHostsDefaultToInternalDestinationsAndCanBeEmptied() {
		this.runner.run((context) -> assertThat(context.getBean(HttpTelemetryProperties.class)
			.getClient()
			.getPropagateSessionTo()).containsExactly("localhost", "loopback", "private-addresses", "single-label",
					"*.svc", "*.svc.cluster.local", "*.internal", "*.local"));
		this.runner.withPropertyValues("openframe.telemetry.http.client.propagate-session-to=")
			.run((context) -> assertThat(context.getBean(HttpTelemetryProperties.class)
				.getClient()
				.getPropagateSessionTo()).isEmpty());
	}

}
