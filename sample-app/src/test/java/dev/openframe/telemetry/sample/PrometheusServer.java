package dev.openframe.telemetry.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server for tests: the machine's {@code /usr/bin/prometheus} (Debian's
 * {@code prometheus} package) with a generated configuration and its storage in a temporary
 * directory, listening on 127.0.0.1 and a free port, scraping one target every second with its
 * default {@code Accept} header (OpenMetrics first) and keeping exemplars. Queried through its
 * HTTP API.
 * <p>
 * Without the binary the calling test is skipped, saying so, except on CI ({@code CI=true}),
 * where it fails: {@code .ci/run} installs the package.
 */
public final class PrometheusServer implements AutoCloseable {

	/** Where Debian's package puts the server. */
	public static final Path BINARY = Path.of("/usr/bin/prometheus");

	/** Seconds between two scrapes and between two rule evaluations. */
	public static final int INTERVAL_SECONDS = 1;

	private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Process process;

	private final Path directory;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private PrometheusServer(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Starts a server scraping one target and waits until it is ready.
	 * @param job the {@code job} label of the target's series
	 * @param metrics full URL of the target's metrics, such as
	 * {@code http://127.0.0.1:8080/actuator/prometheus}
	 * @param ruleFiles recording or alerting rule files to load, evaluated every second
	 * @return the running server
	 */
	public static PrometheusServer start(String job, URI metrics, Path... ruleFiles)
			throws IOException, InterruptedException {
		requireBinary(BINARY);
		Path directory = Files.createTempDirectory("openframe-prometheus");
		Path config = Files.writeString(directory.resolve("prometheus.yml"), config(job, metrics, ruleFiles));
		int port = freePort();
		List<String> command = List.of(BINARY.toString(), "--config.file=" + config,
				"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
				"--enable-feature=exemplar-storage");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(directory.resolve("prometheus.log").toFile())
			.start();
		PrometheusServer server = new PrometheusServer(process, directory, port);
		try {
			server.awaitReady();
		}
		catch (RuntimeException | Error ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	/**
	 * Runs an instant query now.
	 * @param promql the query
	 * @return the {@code data.result} array: one element per series
	 */
	public JsonNode query(String promql) throws IOException, InterruptedException {
		return api("/api/v1/query?query=" + encode(promql)).path("result");
	}

	/**
	 * Exemplars stored for a query's series over a time range.
	 * @param promql a series selector, such as {@code http_server_request_duration_seconds_bucket}
	 * @param start start of the range
	 * @param end end of the range
	 * @return the {@code data} array: one element per series, each with its {@code exemplars}
	 */
	public JsonNode exemplars(String promql, Instant start, Instant end) throws IOException, InterruptedException {
		return api("/api/v1/query_exemplars?query=" + encode(promql) + "&start=" + start.getEpochSecond() + "&end="
				+ end.plusSeconds(1).getEpochSecond());
	}

	/**
	 * The scrape targets with their state.
	 * @return the {@code data.activeTargets} array, each with {@code health}, {@code lastError}
	 * and {@code lastScrape}
	 */
	public JsonNode targets() throws IOException, InterruptedException {
		return api("/api/v1/targets").path("activeTargets");
	}

	/**
	 * The rule groups loaded from the rule files, with each rule's evaluation health.
	 * @return the {@code data.groups} array
	 */
	public JsonNode rules() throws IOException, InterruptedException {
		return api("/api/v1/rules").path("groups");
	}

	/**
	 * Waits for a scrape that started after this call and succeeded, failing with the target's
	 * last error if none does within the limit.
	 * @param limit longest wait
	 */
	public void awaitSuccessfulScrape(Duration limit) {
		Instant since = Instant.now();
		await().atMost(limit)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(targets()).as("targets; Prometheus log:%n%s", log())
				.isNotEmpty()
				.allSatisfy((target) -> {
					assertThat(target.path("health").asText()).as("health, last error: %s",
							target.path("lastError").asText())
						.isEqualTo("up");
					assertThat(Instant.parse(target.path("lastScrape").asText())).isAfter(since);
				}));
	}

	/** @return the server's base URL */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	/** @return everything the server logged so far */
	public String log() throws IOException {
		return Files.readString(this.directory.resolve("prometheus.log"));
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private void awaitReady() {
		await().atMost(STARTUP_LIMIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("Prometheus still running; log:%n%s", log()).isTrue();
			return get("/-/ready").statusCode() == 200;
		});
	}

	private JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<String> response = get(pathAndQuery);
		JsonNode body = json.readTree(response.body());
		assertThat(body.path("status").asText()).as("%s answered %s", pathAndQuery, response.body())
			.isEqualTo("success");
		return body.path("data");
	}

	private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri().resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String config(String job, URI metrics, Path... ruleFiles) {
		List<String> lines = new ArrayList<>(List.of("global:", "  scrape_interval: " + INTERVAL_SECONDS + "s",
				"  scrape_timeout: " + INTERVAL_SECONDS + "s", "  evaluation_interval: " + INTERVAL_SECONDS + "s"));
		if (ruleFiles.length > 0) {
			lines.add("rule_files:");
			lines.addAll(Stream.of(ruleFiles).map((file) -> "  - '" + file.toAbsolutePath() + "'").toList());
		}
		lines.addAll(List.of("scrape_configs:", "  - job_name: '" + job + "'", "    scheme: " + metrics.getScheme(),
				"    metrics_path: '" + metrics.getPath() + "'", "    static_configs:",
				"      - targets: ['" + metrics.getAuthority() + "']"));
		return lines.stream().collect(Collectors.joining("\n", "", "\n"));
	}

	/**
	 * Skips the calling test when a binary of Debian's {@code prometheus} package is absent, or
	 * fails it on CI ({@code CI=true}).
	 * @param binary such as {@link #BINARY} or {@code /usr/bin/promtool}
	 */
	public static void requireBinary(Path binary) {
		if (Files.isExecutable(binary)) {
			return;
		}
		String message = binary + " is not installed (Debian package 'prometheus'; .ci/run installs it)";
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(message + ": required on CI");
		}
		Assumptions.abort(message + ": test skipped");
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
