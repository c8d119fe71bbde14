package dev.openframe.telemetry.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenMetrics output of {@code /actuator/prometheus} links duration buckets to traces, with
 * exemplars only where OpenMetrics 1.0 allows them unless asked for more.
 */
class ExemplarTests {

	@Test
	void durationBucketsCarryTraceIdExemplarsOfSampledRequests() throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			String traceId = "5b8efff798038103d269b633813fc60c";
			app.get("/items/9", "traceparent", "00-" + traceId + "-eee19b7ec3c1b174-01");
			HttpResponse<String> response = app.get("/actuator/prometheus", "Accept",
					"application/openmetrics-text; version=1.0.0; charset=utf-8");
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/openmetrics-text"));
			assertThat(response.body().lines()
				.filter((line) -> line.startsWith("http_server_request_duration_seconds_bucket{"))
				.filter((line) -> line.contains("http_route=\"/items/{id}\"")))
				.anySatisfy((line) -> assertThat(line).contains("# {span_id=\"").contains("trace_id=\"" + traceId + "\""));
		}
	}

	@Test
	void unsampledRequestsLeaveNoExemplar() throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			app.get("/items/9", "traceparent", "00-6b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-00");
			String body = app.get("/actuator/prometheus", "Accept", "application/openmetrics-text; version=1.0.0")
				.body();
			assertThat(body).doesNotContain("6b8efff798038103d269b633813fc60c");
		}
	}

	@Test
	void exemplarsAppearOnlyOnBucketsAndCounterTotalsByDefault() throws Exception {
		try (RunningWebApp app = RunningWebApp.start()) {
			recordEveryKindInSampledSpan(app);
			List<String> lines = openMetrics(app);
			assertThat(lines).filteredOn((line) -> line.contains(" # {"))
				.isNotEmpty()
				.allSatisfy((line) -> assertThat(name(line)).as(line).matches(".+_(bucket|total)"));
			assertThat(sample(lines, "exemplar_test_histogram_seconds_bucket")).anyMatch(ExemplarTests::hasExemplar);
			assertThat(sample(lines, "exemplar_test_counter_total")).singleElement().matches(ExemplarTests::hasExemplar);
			assertThat(sample(lines, "exemplar_test_plain_seconds_count")).singleElement()
				.matches((line) -> !hasExemplar(line));
		}
	}

	@Test
	void exemplarsOnCountAlsoPutsThemOnCountLines() throws Exception {
		try (RunningWebApp app = RunningWebApp.start("openframe.telemetry.metrics.exemplars-on-count=true")) {
			recordEveryKindInSampledSpan(app);
			List<String> lines = openMetrics(app);
			assertThat(sample(lines, "exemplar_test_plain_seconds_count")).singleElement()
				.matches(ExemplarTests::hasExemplar);
			assertThat(sample(lines, "exemplar_test_histogram_seconds_count")).singleElement()
				.matches(ExemplarTests::hasExemplar);
			assertThat(sample(lines, "exemplar_test_summary_bytes_count")).singleElement()
				.matches(ExemplarTests::hasExemplar);
		}
	}

	/**
	 * Records a summary-like timer, a histogram timer, a distribution summary with quantiles and
	 * a counter while a sampled span is current, so that each may take an exemplar.
	 */
	private static void recordEveryKindInSampledSpan(RunningWebApp app) {
		MeterRegistry registry = app.context().getBean(MeterRegistry.class);
		Span span = app.context().getBean(OpenTelemetry.class).getTracer("exemplar-test").spanBuilder("record").startSpan();
		assertThat(span.getSpanContext().isSampled()).isTrue();
		try (Scope scope = span.makeCurrent()) {
			Timer.builder("exemplar.test.plain").register(registry).record(Duration.ofMillis(3));
			Timer.builder("exemplar.test.histogram").publishPercentileHistogram().register(registry)
				.record(Duration.ofMillis(3));
			DistributionSummary.builder("exemplar.test.summary").baseUnit("bytes").publishPercentiles(0.5)
				.register(registry).record(42);
			Counter.builder("exemplar.test.counter").register(registry).increment();
		}
		finally {
			span.end();
		}
	}

	private static List<String> openMetrics(RunningWebApp app) throws Exception {
		HttpResponse<String> response = app.get("/actuator/prometheus", "Accept",
				"application/openmetrics-text; version=1.0.0; charset=utf-8");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/openmetrics-text"));
		return response.body().lines().filter((line) -> !line.startsWith("#")).toList();
	}

	private static List<String> sample(List<String> lines, String name) {
		return lines.stream().filter((line) -> name(line).equals(name)).toList();
	}

	private static String name(String line) {
		int end = line.indexOf('{');
		return line.substring(0, (end < 0 || end > line.indexOf(' ')) ? line.indexOf(' ') : end);
	}

	private static boolean hasExemplar(String line) {
		return line.contains(" # {") && line.contains("trace_id=\"");
	}

}
