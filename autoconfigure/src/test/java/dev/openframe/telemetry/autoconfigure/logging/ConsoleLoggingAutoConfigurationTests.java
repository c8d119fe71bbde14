package dev.openframe.telemetry.autoconfigure.logging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Console logging through Spring Boot's own Logback console appender, with the buffering the
 * starter adds, read back from the real {@code System.out}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleLoggingAutoConfigurationTests {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleLoggingAutoConfigurationTests.class);

	@Test
	void infoEventsReachTheConsoleWithinTheFlushInterval(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("openframe.telemetry.logging.console-flush-interval=200ms")) {
			assertThat(consoleStream()).isEqualTo("ConsoleBuffer");
			logger.info("buffered info line");
			await().atMost(Duration.ofSeconds(5)).until(() -> output.getOut().contains("buffered info line"));
		}
	}

	@Test
	void warnEventsAreWrittenAtOnceWithEverythingBefore(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("openframe.telemetry.logging.console-flush-interval=1h")) {
			logger.info("info before the warning");
			logger.warn("the warning");
			String out = output.getOut();
			assertThat(out).contains("info before the warning", "the warning");
			assertThat(out.indexOf("info before the warning")).isLessThan(out.indexOf("the warning"));
			logger.error("the error");
			assertThat(output.getOut()).contains("the error");
		}
	}

	@Test
	void closingWritesOutEverythingWholeAndInOrder(CapturedOutput output) throws Exception {
		int threads = 8;
		int perThread = 2_000;
		try (ConfigurableApplicationContext context = run("openframe.telemetry.logging.console-flush-interval=1h")) {
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			for (int t = 0; t < threads; t++) {
				int thread = t;
				pool.execute(() -> {
					for (int i = 0; i < perThread; i++) {
						logger.info("line {} of writer {} padded {}", i, thread, "x".repeat(i % 300));
					}
				});
			}
			pool.shutdown();
			assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		}
		Pattern line = Pattern.compile("line (\\d+) of writer (\\d+) padded (x*)$");
		List<List<Integer>> seen = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			seen.add(new ArrayList<>());
		}
		for (String text : output.getOut().lines().toList()) {
			Matcher matcher = line.matcher(text);
			if (text.contains(" of writer ")) {
				assertThat(matcher.find()).as("whole line: %s", text).isTrue();
				int i = Integer.parseInt(matcher.group(1));
				assertThat(matcher.group(3)).hasSize(i % 300);
				seen.get(Integer.parseInt(matcher.group(2))).add(i);
			}
		}
		for (List<Integer> writer : seen) {
			assertThat(writer).hasSize(perThread).isSorted();
		}
	}

	@Test
	void eventLargerThanTheBufferIsWrittenWhole(CapturedOutput output) {
		String big = "y".repeat(200_000);
		try (ConfigurableApplicationContext context = run("openframe.telemetry.logging.console-flush-interval=1h")) {
			logger.info("small first");
			logger.info("big {}", big);
			assertThat(output.getOut()).contains("small first", "big " + big);
		}
	}

	@Test
	void closingGivesTheAppenderItsStreamBack() {
		run("openframe.telemetry.logging.console-flush-interval=1h").close();
		assertThat(consoleStream()).isNotEqualTo("ConsoleBuffer");
	}

	@Test
	void zeroWritesEveryEventAtOnce(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("openframe.telemetry.logging.console-flush-interval=0")) {
			assertThat(consoleStream()).isNotEqualTo("ConsoleBuffer");
			logger.info("unbuffered info line");
			assertThat(output.getOut()).contains("unbuffered info line");
		}
	}

	@Test
	void negativeIntervalStopsStartUp() {
		assertThatThrownBy(() -> run("openframe.telemetry.logging.console-flush-interval=-1s"))
			.hasStackTraceContaining("openframe.telemetry.logging.console-flush-interval")
			.hasStackTraceContaining("-1S")
			.hasStackTraceContaining("be 0 (write every event at once) or a positive duration");
	}

	/** Simple name of the stream Spring Boot's console appender writes to. */
	private static String consoleStream() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		ConsoleAppender<?> console = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
			.getAppender("CONSOLE");
		return console.getOutputStream().getClass().getSimpleName();
	}

	private static ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(ConsoleLoggingAutoConfiguration.class)
	static class TestApplication {

	}

}
