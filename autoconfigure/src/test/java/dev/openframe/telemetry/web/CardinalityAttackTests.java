package dev.openframe.telemetry.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.testsupport.RawHttp;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running application flooded with 20,000 requests, each with its own unknown path, its own
 * non-standard method or its own session id: after the first hundred such requests, the flood
 * adds no meter or Prometheus series that carries an attack value, and at most a handful the
 * JVM adds on its own.
 */
class CardinalityAttackTests {

	private static final int WARM_UP = 100;

	private static final int FLOOD = 20_000;

	private static final int PIPELINED = 50;

	@Test
	void distinctPathsMethodsAndSessionIdsAddNoMetersOrSeries() throws Exception {
		// No per-request log line: 20,000 console lines would only slow the flood down.
		try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.http.log.enabled=false")) {
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			send(app, 0, WARM_UP);
			Set<Meter.Id> meters = meterIds(registry);
			Set<String> series = series(app);
			long start = System.nanoTime();
			send(app, WARM_UP, FLOOD);
			long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
			assertThat(seconds).as("flood duration in seconds").isLessThan(120);
			// The JVM may add a meter of its own meanwhile (a GC of a new cause, say): a few, not one per request.
			Set<Meter.Id> newMeters = meterIds(registry);
			newMeters.removeAll(meters);
			assertThat(newMeters).as("meters added by %d more requests", FLOOD)
				.hasSizeLessThanOrEqualTo(5)
				.allSatisfy((id) -> assertThat(id.getTags()).noneMatch((tag) -> isAttackValue(tag.getValue())));
			Set<String> newSeries = series(app);
			newSeries.removeAll(series);
			assertThat(newSeries).as("Prometheus series added")
				.hasSizeLessThanOrEqualTo(20)
				.noneMatch(CardinalityAttackTests::isAttackValue);
			assertThat(meters).hasSizeLessThan(300);
		}
	}

	private static boolean isAttackValue(String value) {
		return value.contains("unknown") || value.contains("FLOOD") || value.contains("flood-session");
	}

	private static Set<Meter.Id> meterIds(MeterRegistry registry) {
		Set<Meter.Id> ids = new HashSet<>();
		registry.getMeters().forEach((meter) -> ids.add(meter.getId()));
		return ids;
	}

	private static Set<String> series(RunningWebApp app) throws Exception {
		Set<String> series = new HashSet<>();
		app.prometheus().samples().forEach((sample) -> series.add(sample.name() + sample.labels()));
		return series;
	}

	/**
	 * Requests {@code from} to {@code to}, in three shapes that cycle, from four threads, each
	 * pipelining batches of {@value #PIPELINED} requests over one keep-alive connection (Tomcat
	 * keeps a connection for up to 100): the application's work per request stays the same,
	 * the client's shrinks to writing bytes.
	 */
	private static void send(RunningWebApp app, int from, int to) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> batches = new ArrayList<>();
			for (int worker = 0; worker < 4; worker++) {
				int first = from + worker;
				batches.add(pool.submit(() -> {
					List<byte[]> batch = new ArrayList<>(PIPELINED);
					for (int i = first; i < to; i += 4) {
						batch.add(request(i));
						if (batch.size() == PIPELINED || i + 4 >= to) {
							int[] statuses = RawHttp.pipelined(app.port(), batch);
							assertThat(statuses).hasSize(batch.size());
							for (int status : statuses) {
								assertThat(status).isBetween(200, 599);
							}
							batch.clear();
						}
					}
					return null;
				}));
			}
			for (Future<?> batch : batches) {
				batch.get(180, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static byte[] request(int i) {
		String request = switch (i % 3) {
			case 0 -> "GET /unknown/" + i + "/path-" + Integer.toHexString(i * 31) + " HTTP/1.1\r\n";
			case 1 -> "FLOOD" + Integer.toString(i, 36).toUpperCase() + " /items/" + i + " HTTP/1.1\r\n";
			default -> "GET /items/" + i + " HTTP/1.1\r\nx-session-id: flood-session-" + i + "\r\n";
		};
		return (request + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
	}

}
