package dev.openframe.telemetry.web.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The request meters: {@code http.server.request.duration}, {@code http.server.response.body.size}
 * and {@code http.server.active_requests}. Meters are looked up once per tag combination and
 * kept; tag values are bounded by the filter (route templates, method and scheme sets), and the
 * cache itself is capped. The registry is bounded by the starter's {@code MaximumTagSetsMeterFilter}
 * ({@code openframe.telemetry.metrics.max-tag-sets}): past it, new tag combinations get no-op
 * meters and keep nothing.
 */
public final class HttpServerMetrics {

	/** Timer of request durations; its count is the request count. */
	public static final String DURATION = "http.server.request.duration";

	/** Distribution of response body sizes in bytes. */
	public static final String BODY_SIZE = "http.server.response.body.size";

	/** Gauge of requests in progress. */
	public static final String ACTIVE = "http.server.active_requests";

	/** OpenTelemetry semantic-convention buckets of the duration histogram, in seconds. */
	static final double[] DURATION_BUCKETS = { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5,
			7.5, 10 };

	private static final int MAX_CACHED = 2_000;

	private static final Duration[] SLOS = slos();

	private final MeterRegistry registry;

	private final Map<MeterKey, RequestMeters> meters = new ConcurrentHashMap<>();

	private final Map<ActiveKey, AtomicLong> active = new ConcurrentHashMap<>();

	public HttpServerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Counts a request as active.
	 * @param method normalized method
	 * @param scheme normalized scheme
	 * @return the counter to decrement with {@link #requestEnded(AtomicLong)}
	 */
	public AtomicLong requestStarted(String method, String scheme) {
		AtomicLong counter = this.active.computeIfAbsent(new ActiveKey(method, scheme), this::registerActive);
		counter.incrementAndGet();
		return counter;
	}

	/**
	 * Counts a request as no longer active.
	 * @param counter what {@link #requestStarted} returned
	 */
	public void requestEnded(AtomicLong counter) {
		counter.decrementAndGet();
	}

	/**
	 * Records a completed request.
	 * @param method normalized method
	 * @param route route template or {@code UNMATCHED}
	 * @param status response status
	 * @param scheme normalized scheme
	 * @param errorType error type or {@code none}
	 * @param durationNanos duration
	 * @param bodyBytes response body size
	 */
	public void record(String method, String route, int status, String scheme, String errorType, long durationNanos,
			long bodyBytes) {
		MeterKey key = new MeterKey(method, route, status, scheme, errorType);
		RequestMeters requestMeters = this.meters.get(key);
		if (requestMeters == null) {
			requestMeters = register(key);
			if (this.meters.size() < MAX_CACHED) {
				this.meters.putIfAbsent(key, requestMeters);
			}
		}
		requestMeters.duration.record(durationNanos, TimeUnit.NANOSECONDS);
		requestMeters.bodySize.record(bodyBytes);
	}

	private RequestMeters register(MeterKey key) {
		Tags tags = Tags.of(HttpTelemetryKeys.HTTP_REQUEST_METHOD.key(), key.method, HttpTelemetryKeys.HTTP_ROUTE.key(),
				key.route, HttpTelemetryKeys.HTTP_RESPONSE_STATUS_CODE.key(), Integer.toString(key.status),
				HttpTelemetryKeys.URL_SCHEME.key(), key.scheme, HttpTelemetryKeys.ERROR_TYPE.key(), key.errorType);
		Timer duration = Timer.builder(DURATION)
			.description("Duration of HTTP server requests")
			.tags(tags)
			.serviceLevelObjectives(SLOS)
			.register(this.registry);
		DistributionSummary bodySize = DistributionSummary.builder(BODY_SIZE)
			.description("Size of HTTP server response bodies")
			.baseUnit("bytes")
			.tags(tags)
			.register(this.registry);
		return new RequestMeters(duration, bodySize);
	}

	private AtomicLong registerActive(ActiveKey key) {
		AtomicLong counter = new AtomicLong();
		Gauge.builder(ACTIVE, counter, AtomicLong::get)
			.description("Number of HTTP server requests in progress")
			.tags(HttpTelemetryKeys.HTTP_REQUEST_METHOD.key(), key.method, HttpTelemetryKeys.URL_SCHEME.key(),
					key.scheme)
			.register(this.registry);
		return counter;
	}

	private static Duration[] slos() {
		Duration[] slos = new Duration[DURATION_BUCKETS.length];
		for (int i = 0; i < slos.length; i++) {
			slos[i] = Duration.ofNanos((long) (DURATION_BUCKETS[i] * 1_000_000_000L));
		}
		return slos;
	}

	private record MeterKey(String method, String route, int status, String scheme, String errorType) {
	}

	private record ActiveKey(String method, String scheme) {
	}

	private record RequestMeters(Timer duration, DistributionSummary bodySize) {
	}

}
