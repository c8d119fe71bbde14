package dev.openframe.telemetry.web;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenMetrics output of {@code /actuator/prometheus} links duration buckets to traces.
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

}
