package dev.openframe.telemetry.sample;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.openframe.telemetry.testsupport.PrometheusText;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the dashboard and the alert rules read exists in a real scrape of the packaged
 * sample app, so a renamed metric fails the build instead of blanking a panel or silencing an
 * alert. The panels of metrics that do not exist yet (the Kafka/JDBC row) are left out.
 */
class GrafanaDashboardIT {

	/** Series Prometheus writes itself for every target, never in a scrape. */
	private static final Set<String> WRITTEN_BY_PROMETHEUS = Set.of("up");

	private static SampleApplicationProcess app;

	@BeforeAll
	static void start() throws Exception {
		app = SampleApplicationProcess.start(Map.of());
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void everyMetricOfTheDashboardIsInTheScrape() throws Exception {
		Map<String, Set<String>> usedBy = new TreeMap<>();
		for (GrafanaDashboard.Query query : GrafanaDashboard.load().queries()) {
			if (!query.future()) {
				for (String name : PromQl.metricNames(query.expression())) {
					usedBy.computeIfAbsent(name, (key) -> new TreeSet<>()).add("panel " + query.panel());
				}
			}
		}
		assertThat(usedBy).containsKeys("http_server_request_duration_seconds_bucket",
				"adapter_operation_duration_seconds_bucket", "telemetry_export_items_total", "jvm_memory_used_bytes");
		assertAllScraped(usedBy);
	}

	@Test
	void everyMetricOfTheAlertRulesIsInTheScrape() throws Exception {
		Map<String, Set<String>> usedBy = new TreeMap<>();
		for (AlertRules.Alert alert : AlertRules.load(Path.of("deploy", "prometheus", "alerts.yml")).alerts()) {
			for (String name : PromQl.metricNames(alert.expression())) {
				usedBy.computeIfAbsent(name, (key) -> new TreeSet<>()).add(alert.name());
			}
		}
		assertThat(usedBy).hasSizeGreaterThanOrEqualTo(5);
		assertAllScraped(usedBy);
	}

	/**
	 * A real Prometheus (Debian's 2.42) scrapes the app and loads the alert rules; then every
	 * dashboard query returns data, and every alert rule evaluates cleanly over series that exist.
	 * Thresholds keep an alert's own expression empty while nothing is wrong, so for the rules the
	 * series they read are asked for; promtool's rule tests prove when each fires.
	 */
	@Test
	void everyQueryReturnsDataFromARealPrometheus() throws Exception {
		Path rules = Path.of("deploy", "prometheus", "alerts.yml").toAbsolutePath();
		try (PrometheusServer prometheus = PrometheusServer.start("items-service", app.uri("/actuator/prometheus"),
				rules)) {
			Map<String, String> queries = new TreeMap<>();
			for (GrafanaDashboard.Query query : GrafanaDashboard.load().queries()) {
				if (!query.future()) {
					queries.put("panel " + query.panel() + " " + query.refId(),
							PromQl.forPrometheus(query.expression(), "1m"));
				}
			}
			List<AlertRules.Alert> alerts = AlertRules.load(rules).alerts();
			for (AlertRules.Alert alert : alerts) {
				for (String name : PromQl.metricNames(alert.expression())) {
					queries.put(alert.name() + " reads " + name, "group(" + name + ")");
				}
			}
			Map<String, String> empty = new TreeMap<>(queries);
			try {
				await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
					traffic();
					prometheus.awaitSuccessfulScrape(Duration.ofSeconds(30));
					for (Map.Entry<String, String> query : queries.entrySet()) {
						if (empty.containsKey(query.getKey()) && !prometheus.query(query.getValue()).isEmpty()) {
							empty.remove(query.getKey());
						}
					}
					return empty.isEmpty();
				});
			}
			catch (ConditionTimeoutException ex) {
				// Fall through: the assertion names each query that stayed empty.
			}
			assertThat(empty).as("queries with no data in a real Prometheus").isEmpty();
			JsonNode groups = prometheus.rules();
			List<String> loaded = new ArrayList<>();
			for (JsonNode group : groups) {
				for (JsonNode rule : group.path("rules")) {
					assertThat(rule.path("health").asText()).as("%s: %s", rule.path("name").asText(),
							rule.path("lastError").asText()).isEqualTo("ok");
					loaded.add(rule.path("name").asText());
				}
			}
			assertThat(loaded).containsExactlyInAnyOrderElementsOf(alerts.stream().map(AlertRules.Alert::name).toList());
		}
	}

	@Test
	void exemplarsCarryTheTraceIdLabelGrafanaLinksOn() throws Exception {
		app.get("/items/1");
		String openMetrics = app.get("/actuator/prometheus", "Accept", "application/openmetrics-text; version=1.0.0")
			.body();
		// deploy/grafana/provisioning/datasources/datasources.yaml: exemplarTraceIdDestinations name
		assertThat(openMetrics.lines().filter((line) -> line.startsWith("http_server_request_duration_seconds_bucket{")))
			.anySatisfy((line) -> assertThat(line).containsPattern(" # \\{.*\\btrace_id=\"[0-9a-f]{32}\""));
	}

	/**
	 * Drives the routes and outcomes the panels show, then waits (bounded) until every name is
	 * scraped: some series appear only after their first event, such as a GC pause.
	 */
	private static void assertAllScraped(Map<String, Set<String>> usedBy) {
		Set<String> expected = new TreeSet<>(usedBy.keySet());
		expected.removeAll(WRITTEN_BY_PROMETHEUS);
		Set<String> missing = new TreeSet<>(expected);
		try {
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
				traffic();
				Set<String> scraped = PrometheusText.parse(app.get("/actuator/prometheus").body())
					.samples()
					.stream()
					.map(PrometheusText.Sample::name)
					.collect(Collectors.toSet());
				missing.clear();
				expected.stream().filter((name) -> !scraped.contains(name)).forEach(missing::add);
				return missing.isEmpty();
			});
		}
		catch (ConditionTimeoutException ex) {
			// Fall through: the assertion names each missing metric and what uses it.
		}
		assertThat(missing).as("metrics not in the sample app's scrape, with what uses them: %s",
				missing.stream().collect(Collectors.toMap((name) -> name, usedBy::get, (a, b) -> a, TreeMap::new)))
			.isEmpty();
	}

	private static void traffic() throws Exception {
		app.get("/items/1");
		app.get("/items");
		app.get("/items/987654");
		app.get("/items/2/async");
		app.send(HttpRequest.newBuilder(app.uri("/items"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"dashboard " + System.nanoTime() + "\"}")));
	}

}
