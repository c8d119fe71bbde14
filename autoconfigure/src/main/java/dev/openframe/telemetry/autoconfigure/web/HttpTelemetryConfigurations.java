package dev.openframe.telemetry.autoconfigure.web;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import dev.openframe.telemetry.client.internal.TracingClientHttpRequestInterceptor;
import dev.openframe.telemetry.client.internal.TracingExchangeFilterFunction;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import dev.openframe.telemetry.web.internal.OpenTelemetryExemplarSpanContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.prometheus.metrics.tracer.common.SpanContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Optional parts of {@link HttpTelemetryAutoConfiguration}, each present when its library is.
 */
final class HttpTelemetryConfigurations {

	private HttpTelemetryConfigurations() {
	}

	/** Request meters, when Micrometer has a registry. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(MeterRegistry.class)
		HttpServerMetrics httpServerMetrics(MeterRegistry meterRegistry) {
			return new HttpServerMetrics(meterRegistry);
		}

	}

	/** Trace-id exemplars on Prometheus histograms, unless Micrometer Tracing provides them. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.prometheus.metrics.tracer.common.SpanContext")
	static class ExemplarConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpanContext openTelemetryExemplarSpanContext() {
			return new OpenTelemetryExemplarSpanContext();
		}

	}

	/**
	 * Trace and baggage propagation on {@code RestClient} and {@code RestTemplate}, and the
	 * session id to allowed hosts.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TracingClientHttpRequestInterceptor tracingClientHttpRequestInterceptor(
				ObjectProvider<OpenTelemetry> openTelemetry, HttpTelemetryProperties properties) {
			return new TracingClientHttpRequestInterceptor(openTelemetry.getIfAvailable(OpenTelemetry::noop),
					properties.getSessionHeader(),
					SessionPropagationHosts.of(properties.getClient().getPropagateSessionTo()));
		}

		@Bean
		RestClientCustomizer telemetryRestClientCustomizer(TracingClientHttpRequestInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		@ConditionalOnClass(name = "org.springframework.web.client.RestTemplate")
		RestTemplateCustomizer telemetryRestTemplateCustomizer(TracingClientHttpRequestInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

	/**
	 * Trace and baggage propagation on {@code WebClient}, when it is present, and the session id
	 * to allowed hosts.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.webclient.WebClientCustomizer",
			"org.springframework.web.reactive.function.client.WebClient" })
	static class WebClientConfiguration {

		@Bean
		WebClientCustomizer telemetryWebClientCustomizer(ObjectProvider<OpenTelemetry> openTelemetry,
				HttpTelemetryProperties properties) {
			TracingExchangeFilterFunction filter = new TracingExchangeFilterFunction(
					openTelemetry.getIfAvailable(OpenTelemetry::noop), properties.getSessionHeader(),
					SessionPropagationHosts.of(properties.getClient().getPropagateSessionTo()));
			return (builder) -> builder.filter(filter);
		}

	}

}
