package dev.openframe.telemetry.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * Matches unless {@code openframe.telemetry.enabled} (or {@code OTEL_SDK_DISABLED}) turns
 * openframe-telemetry off.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@ConditionalOnBooleanProperty(name = "openframe.telemetry.enabled", matchIfMissing = true)
public @interface ConditionalOnTelemetryEnabled {

}
