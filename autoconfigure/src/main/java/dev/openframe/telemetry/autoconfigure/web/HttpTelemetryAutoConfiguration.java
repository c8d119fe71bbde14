package dev.openframe.telemetry.autoconfigure.web;

import java.util.List;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.otel.internal.LogExportExclusions;
import dev.openframe.telemetry.web.TelemetryFilter;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import dev.openframe.telemetry.web.internal.PathExclusions;
import dev.openframe.telemetry.web.internal.RequestLog;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingFilterBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of the {@link TelemetryFilter} in servlet web applications, first in the
 * filter chain so that security filters and error handling run inside it. Uses whichever
 * {@link OpenTelemetry} the context has: openframe's, Spring Boot's or the application's own.
 */
@AutoConfiguration(after = TelemetrySdkAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OncePerRequestFilter.class, OpenTelemetry.class })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.http.enabled", matchIfMissing = true)
@EnableConfigurationProperties(HttpTelemetryProperties.class)
@Import({ HttpTelemetryConfigurations.MetricsConfiguration.class,
		HttpTelemetryConfigurations.ExemplarConfiguration.class,
		HttpTelemetryConfigurations.RestClientConfiguration.class,
		HttpTelemetryConfigurations.WebClientConfiguration.class })
public final class HttpTelemetryAutoConfiguration {

	/** Name of the filter's registration bean. */
	public static final String FILTER_REGISTRATION_NAME = "telemetryFilterRegistration";

	HttpTelemetryAutoConfiguration() {
	}

	@Bean(FILTER_REGISTRATION_NAME)
	@ConditionalOnMissingFilterBean(TelemetryFilter.class)
	FilterRegistrationBean<TelemetryFilter> telemetryFilterRegistration(ObjectProvider<OpenTelemetry> openTelemetry,
			ObjectProvider<HttpServerMetrics> metrics, HttpTelemetryProperties properties) {
		TelemetryFilter filter = new TelemetryFilter(openTelemetry.getIfAvailable(OpenTelemetry::noop),
				metrics.getIfAvailable(), properties.getSessionHeader(),
				new PathExclusions(properties.getExcludePaths()), properties.getLog().isEnabled());
		FilterRegistrationBean<TelemetryFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("telemetryFilter");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		registration.setAsyncSupported(true);
		return registration;
	}

	@Bean
	LogExportExclusions requestLogExportExclusions(HttpTelemetryProperties properties) {
		// The request log event repeats what the server span carries: exported only on request.
		return new LogExportExclusions(properties.getLog().isExport() ? List.of() : List.of(RequestLog.LOGGER_NAME));
	}

}
