package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.LoggerContext;
import dev.openframe.telemetry.otel.internal.LogbackOtlpAppender;
import dev.openframe.telemetry.testsupport.OtlpReceiver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.proto.logs.v1.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log lines written during start-up, before the OpenTelemetry SDK exists, reach a real OTLP
 * receiver once it does; without log export nothing is held for them.
 */
class StartupLogExportTests {

	private static final String INITIALIZER_LINE = "logged by an initializer, before any bean exists";

	private final OtlpReceiver receiver = OtlpReceiver.start();

	/** Whether the starter's appender was on the root logger when the context was prepared. */
	private final AtomicReference<Boolean> attachedWhilePrepared = new AtomicReference<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		this.receiver.close();
	}

	@Test
	void startupLinesAreExportedOnceTheSdkExists() {
		this.context = run(TestApplication.class, "openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint());
		List<LogRecord> startup = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.receiver.logRecords()
				.stream()
				.filter((log) -> isBootStartingLine(log) || body(log).equals(INITIALIZER_LINE))
				.toList(), (found) -> found.size() >= 2);
		// Each exactly once: the buffer is the appender, not a second one.
		assertThat(startup).hasSize(2);
		assertThat(startup).extracting(StartupLogExportTests::body).contains(INITIALIZER_LINE);
		assertThat(this.attachedWhilePrepared).hasValue(true);
		assertThat(this.context.containsBean(StartupLogCapture.BEAN_NAME)).isTrue();
	}

	@Test
	void nothingIsHeldWithoutEndpoint() {
		this.context = run(TestApplication.class);
		assertThat(this.attachedWhilePrepared).hasValue(false);
		assertThat(this.context.containsBean(StartupLogCapture.BEAN_NAME)).isFalse();
	}

	@Test
	void nothingIsHeldWhenTelemetryIsDisabled() {
		this.context = run(TestApplication.class, "openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"openframe.telemetry.enabled=false");
		assertThat(this.attachedWhilePrepared).hasValue(false);
		assertThat(this.context.containsBean(StartupLogCapture.BEAN_NAME)).isFalse();
	}

	@Test
	void nothingIsHeldWhenLogExportIsOff() {
		this.context = run(TestApplication.class, "openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint(),
				"openframe.telemetry.logs.enabled=false");
		assertThat(this.attachedWhilePrepared).hasValue(false);
		assertThat(rootAppender()).isFalse();
	}

	@Test
	void heldLinesAreDroppedWhenTheApplicationHasItsOwnSdk() {
		this.context = run(OwnSdkApplication.class, "openframe.telemetry.otlp.endpoint=" + this.receiver.httpEndpoint());
		assertThat(this.attachedWhilePrepared).hasValue(true);
		assertThat(this.context.getBeansOfType(LogbackOtlpAppender.class)).isEmpty();
		assertThat(rootAppender()).as("buffering appender detached once started").isFalse();
	}

	private ConfigurableApplicationContext run(Class<?> application, String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.application.name=startup-logs"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.initializers((context) -> LoggerFactory.getLogger("startup.test").info(INITIALIZER_LINE))
			.listeners((ApplicationListener<ApplicationPreparedEvent>) (event) -> this.attachedWhilePrepared
				.set(rootAppender()))
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static boolean rootAppender() {
		LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
		return logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogbackOtlpAppender.APPENDER_NAME) != null;
	}

	private static boolean isBootStartingLine(LogRecord log) {
		// Spring Boot's first line: "Starting <main class> using Java ... with PID ...".
		return body(log).startsWith("Starting ") && body(log).contains(" using Java ");
	}

	private static String body(LogRecord log) {
		return log.getBody().getStringValue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	static class TestApplication {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = TelemetrySdkAutoConfigurationTests.BOOT_SDK_AUTO_CONFIGURATION)
	static class OwnSdkApplication {

		@Bean
		OpenTelemetry openTelemetry() {
			return OpenTelemetry.noop();
		}

	}

}
