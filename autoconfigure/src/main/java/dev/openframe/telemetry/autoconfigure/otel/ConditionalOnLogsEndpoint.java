package dev.openframe.telemetry.autoconfigure.otel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when logs have somewhere to go: {@code openframe.telemetry.logs.endpoint} or
 * {@code openframe.telemetry.otlp.endpoint} is set.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(ConditionalOnLogsEndpoint.OnLogsEndpointCondition.class)
@interface ConditionalOnLogsEndpoint {

	/** Either endpoint property. */
	class OnLogsEndpointCondition extends AnyNestedCondition {

		OnLogsEndpointCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "openframe.telemetry.logs.endpoint")
		static class LogsEndpoint {

		}

		@ConditionalOnProperty(name = "openframe.telemetry.otlp.endpoint")
		static class OtlpEndpoint {

		}

	}

}
