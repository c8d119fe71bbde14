package dev.openframe.telemetry.load.minimal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The load test's minimal application: {@code GET /items/{id}} served from a {@code @Repository}
 * over an in-memory map, no database. Packaged in every variant's jar beside the sample app and
 * started with {@code -Dloader.main=dev.openframe.telemetry.load.minimal.MinimalApplication}.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
public class MinimalApplication {

	public static void main(String[] args) {
		SpringApplication.run(MinimalApplication.class, args);
	}

}
