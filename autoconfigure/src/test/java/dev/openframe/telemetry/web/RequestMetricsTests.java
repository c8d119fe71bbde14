package dev.openframe.telemetry.web;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.openframe.telemetry.testsupport.PrometheusText;
import dev.openframe.telemetry.testsupport.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request metrics as {@code /actuator/prometheus} shows them, parsed line by line.
 */
class RequestMetricsTests {

	private static final String COUNT = "http_server_request_duration_seconds_count";

	private static final Set<String> TAG_KEYS = Set.of("http_request_method", "http_route",
			"http_response_status_code", "url_scheme", "error_type");

	private static RunningWebApp app;

	@BeforeAll
	static void start() {
		app = RunningWebApp.start();
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void durationHistogramUsesSemconvBucketsAndCountsRequests() throws Exception {
		double before = count("/items/{id}", "200");
		for (int i = 0; i < 5; i++) {
			app.get("/items/" + i);
		}
		PrometheusText metrics = app.prometheus();
		assertThat(metrics.type("http_server_request_duration_seconds")).isEqualTo("histogram");
		assertThat(count("/items/{id}", "200")).isEqualTo(before + 5);
		List<String> buckets = metrics.samples("http_server_request_duration_seconds_bucket")
			.stream()
			.filter((sample) -> sample.labels().get("http_route").equals("/items/{id}"))
			.map((sample) -> sample.labels().get("le"))
			.toList();
		assertThat(buckets).containsExactly("0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75",
				"1.0", "2.5", "5.0", "7.5", "10.0", "+Inf");
	}

	@Test
	void everySeriesHasTheSameTagKeys() throws Exception {
		app.get("/items/1");
		app.get("/boom");
		app.get("/status/503");
		app.get("/unknown-path");
		PrometheusText metrics = app.prometheus();
		assertThat(metrics.samples(COUNT)).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labels().keySet()).isEqualTo(TAG_KEYS));
		assertThat(metrics.samples("http_server_response_body_size_bytes_count")).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labels().keySet()).isEqualTo(TAG_KEYS));
		assertThat(metrics.samples("http_server_active_requests")).isNotEmpty()
			.allSatisfy((sample) -> assertThat(sample.labels().keySet())
				.isEqualTo(Set.of("http_request_method", "url_scheme")));
	}

	@Test
	void errorTypeNamesExceptionOrServerStatus() throws Exception {
		app.get("/boom");
		app.get("/status/503");
		app.get("/status/404");
		Map<String, String> errorTypes = app.prometheus()
			.samples(COUNT)
			.stream()
			.filter((sample) -> Set.of("/boom", "/status/{code}").contains(sample.labels().get("http_route")))
			.collect(Collectors.toMap((sample) -> sample.labels().get("http_response_status_code"),
					(sample) -> sample.labels().get("error_type"), (first, second) -> first));
		assertThat(errorTypes).containsEntry("500", "java.lang.IllegalStateException")
			.containsEntry("503", "503")
			.containsEntry("404", "none");
	}

	@Test
	void distinctUnknownPathsAddOnlyAHandfulOfSeries() throws Exception {
		int seriesBefore = app.prometheus().samples().size();
		// Pipelined over keep-alive connections from four threads: the client costs next to nothing.
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int worker = 0; worker < 4; worker++) {
				int first = worker;
				workers.add(clients.submit(() -> {
					List<byte[]> batch = new ArrayList<>();
					for (int i = first; i < 10_000; i += 4) {
						batch.add(("GET /unknown/" + i + "/path?q=" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
							.getBytes(StandardCharsets.ISO_8859_1));
						if (batch.size() == 50 || i + 4 >= 10_000) {
							assertThat(RawHttp.pipelined(app.port(), batch)).hasSize(batch.size()).containsOnly(404);
							batch.clear();
						}
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		PrometheusText metrics = app.prometheus();
		assertThat(metrics.samples().size() - seriesBefore).isLessThanOrEqualTo(40);
		assertThat(metrics.samples(COUNT)).noneMatch((sample) -> sample.labels().get("http_route").contains("unknown"));
		assertThat(metrics.samples(COUNT)
			.stream()
			.filter((sample) -> sample.labels().get("http_route").equals("UNMATCHED"))
			.mapToDouble(PrometheusText.Sample::value)
			.sum()).isGreaterThanOrEqualTo(10_000);
	}

	@Test
	void activeRequestsGaugeReturnsToZeroAfterConcurrentRequests() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		WebTestApplication.release = release;
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			responses.add(app.client()
				.sendAsync(HttpRequest.newBuilder(app.uri("/held")).timeout(Duration.ofSeconds(60)).build(),
						HttpResponse.BodyHandlers.ofString()));
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(active()).isEqualTo(200));
		release.countDown();
		for (CompletableFuture<HttpResponse<String>> response : responses) {
			assertThat(response.get(30, TimeUnit.SECONDS).body()).isEqualTo("released");
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(active()).isZero());
	}

	@Test
	void streamedResponseIsCountedWithoutBuffering() throws Exception {
		CountDownLatch firstChunk = new CountDownLatch(1);
		WebTestApplication.firstChunkReceived = firstChunk;
		HttpResponse<InputStream> response = app.client()
			.send(HttpRequest.newBuilder(app.uri("/stream?megabytes=20&handshake=true"))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofInputStream());
		long received = 0;
		try (InputStream body = response.body()) {
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = body.read(buffer)) != -1) {
				received += read;
				// The server holds the rest of the 20 MB back until we have seen data from its first
				// 64 KB chunk (the container keeps up to one 8 KB buffer): a buffered body would deadlock.
				if (received >= 32 * 1024) {
					firstChunk.countDown();
				}
			}
		}
		assertThat(received).isEqualTo(20L * 1024 * 1024);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			List<PrometheusText.Sample> sums = app.prometheus()
				.samples("http_server_response_body_size_bytes_sum")
				.stream()
				.filter((sample) -> sample.labels().get("http_route").equals("/stream"))
				.toList();
			assertThat(sums).singleElement()
				.satisfies((sample) -> assertThat(sample.value()).isEqualTo(20.0 * 1024 * 1024));
		});
	}

	@Test
	void writerBytesAreCountedInEncodedLength() throws Exception {
		HttpResponse<byte[]> response = app.client()
			.send(HttpRequest.newBuilder(app.uri("/text")).build(), HttpResponse.BodyHandlers.ofByteArray());
		// The request is recorded once the filter finishes, which can be just after the client has
		// the whole response: wait for it rather than read a scrape taken in between.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			double sum = routeTotal("http_server_response_body_size_bytes_sum", "/text");
			double count = routeTotal("http_server_response_body_size_bytes_count", "/text");
			assertThat(count).isPositive();
			assertThat(sum / count).isEqualTo(response.body().length);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "/reset-after-write", "/reset-buffer-after-write", "/reset-after-flush",
			"/redirect-after-write" })
	void bytesDiscardedByResetAreNotCounted(String path) throws Exception {
		double sumBefore = routeTotal("http_server_response_body_size_bytes_sum", path);
		double countBefore = routeTotal("http_server_response_body_size_bytes_count", path);
		HttpResponse<byte[]> response = app.client()
			.send(HttpRequest.newBuilder(app.uri(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.body().length).isLessThan(3000);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(routeTotal("http_server_response_body_size_bytes_count", path)).isEqualTo(countBefore + 1);
			assertThat(routeTotal("http_server_response_body_size_bytes_sum", path) - sumBefore)
				.isEqualTo(response.body().length);
		});
	}

	private static double routeTotal(String sample, String route) throws Exception {
		return app.prometheus()
			.samples(sample)
			.stream()
			.filter((candidate) -> candidate.labels().get("http_route").equals(route))
			.mapToDouble(PrometheusText.Sample::value)
			.sum();
	}

	@Test
	void excludedPathsAreNotMeasured() throws Exception {
		app.get("/actuator/health");
		assertThat(app.prometheus().samples(COUNT))
			.noneMatch((sample) -> sample.labels().get("http_route").startsWith("/actuator"));
	}

	@Test
	void springBootsOwnRequestObservationIsOff() throws Exception {
		app.get("/items/1");
		assertThat(app.prometheus().samples()).noneMatch((sample) -> sample.name().startsWith("http_server_requests"));
	}

	private static double active() throws Exception {
		return app.prometheus()
			.samples("http_server_active_requests")
			.stream()
			.filter((sample) -> sample.labels().get("http_request_method").equals("GET"))
			.mapToDouble(PrometheusText.Sample::value)
			.sum();
	}

	private static double count(String route, String status) throws Exception {
		return app.prometheus()
			.samples(COUNT)
			.stream()
			.filter((sample) -> sample.labels().get("http_route").equals(route)
					&& sample.labels().get("http_response_status_code").equals(status))
			.mapToDouble(PrometheusText.Sample::value)
			.sum();
	}

}
