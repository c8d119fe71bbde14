package dev.openframe.telemetry.autoconfigure.logging;

import dev.openframe.telemetry.autoconfigure.ConditionalOnTelemetryEnabled;
import dev.openframe.telemetry.logging.internal.ConsoleBuffering;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link ConsoleBuffering} when Logback logs to the console; off with
 * {@code openframe.telemetry.logging.console-flush-interval=0}.
 */
@AutoConfiguration
@ConditionalOnClass(name = { "ch.qos.logback.classic.LoggerContext", "ch.qos.logback.core.ConsoleAppender" })
@ConditionalOnTelemetryEnabled
@EnableConfigurationProperties(ConsoleLoggingProperties.class)
public final class ConsoleLoggingAutoConfiguration {

	ConsoleLoggingAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ConsoleBuffering consoleBuffering(ConsoleLoggingProperties properties) {
		return new ConsoleBuffering(properties.getConsoleFlushInterval());
	}

}
