package dev.openframe.telemetry.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app ({@code spring-boot:repackage}'s jar) running as its own process on
 * 127.0.0.1 and a free port, with its console output captured to a file.
 */
final class SampleApplicationProcess implements AutoCloseable {

	// Generous: on a loaded 2-core machine the packaged app has taken two minutes to start.
	private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);

	private final Process process;

	private final Path output;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private SampleApplicationProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/**
	 * Starts the jar and waits until {@code /actuator/health} answers.
	 * @param environment extra environment variables, such as {@code OTEL_*}
	 * @param args extra command-line arguments
	 * @return the running application
	 */
	static SampleApplicationProcess start(Map<String, String> environment, String... args) throws IOException {
		return start(List.of(), environment, args);
	}

	/**
	 * Starts the jar with JVM options, such as {@code -Dspring.aot.enabled=true}, and waits until
	 * {@code /actuator/health} answers.
	 * @param jvmOptions options placed before {@code -jar}
	 * @param environment extra environment variables, such as {@code OTEL_*}
	 * @param args extra command-line arguments
	 * @return the running application
	 */
	static SampleApplicationProcess start(List<String> jvmOptions, Map<String, String> environment, String... args)
			throws IOException {
		String jar = System.getProperty("sample.jar");
		assertThat(jar).as("system property sample.jar (set by failsafe)").isNotNull();
		assertThat(Path.of(jar)).as("the repackaged sample jar").exists();
		int port = freePort();
		// A JVM that lives for a few requests: C1 alone and the serial collector start it sooner.
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar, "--server.port=" + port, "--server.address=127.0.0.1"));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("sample-app", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().putAll(environment);
		SampleApplicationProcess application = new SampleApplicationProcess(builder.start(), output, port);
		application.awaitReady();
		return application;
	}

	private void awaitReady() {
		await().atMost(STARTUP_LIMIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("sample app still running; output:%n%s", output()).isTrue();
			return get("/actuator/health").statusCode() == 200;
		});
	}

	HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** @return everything the application printed so far */
	String output() throws IOException {
		return Files.readString(this.output);
	}

	/** @return the lines the application printed so far */
	List<String> outputLines() throws IOException {
		return Files.readAllLines(this.output);
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		Files.deleteIfExists(this.output);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
