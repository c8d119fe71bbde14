package dev.openframe.telemetry.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import dev.openframe.telemetry.logging.EcsLogFormatter;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

/**
 * Logback set up as Spring Boot sets it up for {@code logging.structured.format.file=ecs}: Spring
 * Boot's {@link StructuredLogEncoder} in ECS format, writing to a file; or the same encoder with
 * the starter's {@link EcsLogFormatter}.
 */
final class EcsFileLogging {

	private EcsFileLogging() {
	}

	/** Value of {@code logging.structured.format.*} that selects the starter's ECS writer. */
	static final String OURS = EcsLogFormatter.class.getName();

	/**
	 * Routes the given logger to an ECS JSON file, or turns it off.
	 * @param loggerName the logger
	 * @param on whether it logs at all
	 * @param format {@code ecs} for Spring Boot's ECS writer, or {@link #OURS}
	 * @return the file written to
	 */
	static Path configure(String loggerName, boolean on, String format) throws IOException {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.reset();
		// Where Spring Boot's logging system leaves the environment for its encoders.
		context.putObject(Environment.class.getName(), new StandardEnvironment());
		Path file = Files.createTempFile("openframe-benchmark", ".json");
		file.toFile().deleteOnExit();
		StructuredLogEncoder encoder = new StructuredLogEncoder();
		encoder.setContext(context);
		encoder.setFormat(format);
		encoder.start();
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setContext(context);
		appender.setName("ECS_FILE");
		appender.setFile(file.toString());
		appender.setEncoder(encoder);
		appender.setImmediateFlush(false);
		appender.start();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.WARN);
		root.addAppender(appender);
		context.getLogger(loggerName).setLevel(on ? Level.INFO : Level.OFF);
		return file;
	}

}
