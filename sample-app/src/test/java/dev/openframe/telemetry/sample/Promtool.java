package dev.openframe.telemetry.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs Prometheus' {@code promtool} (Debian package {@code prometheus}; {@code .ci/run} installs
 * it). Where it is missing the calling test is skipped, saying so, except on CI
 * ({@code CI=true}), where a missing promtool would silently turn the checks off, so it fails.
 */
final class Promtool {

	private final Path executable;

	private Promtool(Path executable) {
		this.executable = executable;
	}

	/**
	 * @return promtool from {@code PATH} (or {@code /usr/bin})
	 */
	static Promtool locate() {
		Path found = Stream
			.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
					Stream.of("/usr/bin"))
			.filter((directory) -> !directory.isEmpty())
			.map((directory) -> Path.of(directory, "promtool"))
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		String message = "promtool is not installed (Debian package 'prometheus'; .ci/run installs it)";
		if (found == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail(message + ", and CI=true: the alert rules would go unchecked");
		}
		Assumptions.assumeTrue(found != null, message + ": test skipped");
		return new Promtool(found);
	}

	/**
	 * Runs promtool and waits for it (at most a minute).
	 * @param workingDirectory where to run it (rule test files name rule files relative to it)
	 * @param arguments such as {@code check rules alerts.yml}
	 * @return exit code and combined output
	 */
	Result run(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(this.executable.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.start();
		process.getOutputStream().close();
		// promtool's output is small: read it all, then wait for the exit code.
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(1, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			fail("promtool " + String.join(" ", arguments) + " did not finish within a minute");
		}
		return new Result(process.exitValue(), output);
	}

	/**
	 * What promtool said.
	 *
	 * @param exitCode its exit code
	 * @param output standard output and error
	 */
	record Result(int exitCode, String output) {

		/** Asserts exit code 0, showing the output otherwise. */
		Result assertSucceeded() {
			assertThat(this.exitCode).as("promtool exit code; output:%n%s", this.output).isZero();
			return this;
		}

	}

}
