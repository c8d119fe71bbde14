package dev.openframe.telemetry.autoconfigure.repository;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.autoconfigure.web.HttpTelemetryProperties;
import dev.openframe.telemetry.repository.internal.AdapterErrorProblemHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ProblemDetail;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Auto-configuration of responses for {@code AdapterError}s in servlet web applications: RFC 9457
 * problems for API clients, the application's error page for browsers. Backs off when the
 * application defines its own {@link AdapterErrorProblemHandler}; any application
 * {@code @ExceptionHandler} for these exceptions wins anyway, as the handler is ordered last.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ ProblemDetail.class, RestControllerAdvice.class, io.opentelemetry.api.trace.Span.class })
@ConditionalOnTelemetryEnabled
@ConditionalOnBooleanProperty(name = "openframe.telemetry.problem-details.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ ProblemDetailsProperties.class, HttpTelemetryProperties.class })
public final class AdapterErrorProblemDetailsAutoConfiguration {

	AdapterErrorProblemDetailsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	AdapterErrorProblemHandler adapterErrorProblemHandler(HttpTelemetryProperties http,
			ObjectProvider<ContentNegotiationManager> contentNegotiation) {
		// Spring MVC's manager, so that the application's content negotiation settings apply.
		return new AdapterErrorProblemHandler(http.getSessionHeader(),
				contentNegotiation.getIfUnique(ContentNegotiationManager::new));
	}

}
