package dev.openframe.telemetry.sample;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard is well formed and readable: a data source variable and job, service
 * and instance variables that every query honours, a title and a unit on every panel, exemplars
 * on the latency panels, and the panels of metrics that do not exist yet kept apart.
 * {@code GrafanaDashboardIT} checks its metric names against a real scrape.
 */
class GrafanaDashboardTests {

	private static final String SELECTOR = "job=~\"$job\", service=~\"$service\", instance=~\"$instance\"";

	@Test
	void hasPrometheusDataSourceAndJobServiceInstanceVariables() throws Exception {
		JsonNode variables = GrafanaDashboard.load().json().path("templating").path("list");
		assertThat(variables).extracting((variable) -> variable.path("name").asString())
			.containsExactly("datasource", "job", "service", "instance");
		JsonNode datasource = variables.get(0);
		assertThat(datasource.path("type").asString()).isEqualTo("datasource");
		assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
		for (JsonNode variable : List.of(variables.get(1), variables.get(2), variables.get(3))) {
			assertThat(variable.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
			assertThat(variable.path("definition").asString()).startsWith("label_values(");
			assertThat(variable.path("includeAll").asBoolean()).isTrue();
			// '.*' also matches a series without the label (a scrape job that sets no 'service').
			assertThat(variable.path("allValue").asString()).isEqualTo(".*");
		}
	}

	@Test
	void isForCurrentGrafana() throws Exception {
		JsonNode dashboard = GrafanaDashboard.load().json();
		assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
		assertThat(dashboard.path("uid").asString()).isEqualTo("openframe-telemetry");
		assertThat(dashboard.path("panels").isArray()).isTrue();
	}

	@Test
	void everyPanelHasATitleAndEveryChartAUnitAndDescription() throws Exception {
		List<GrafanaDashboard.Panel> panels = GrafanaDashboard.load().panels();
		assertThat(panels).hasSizeGreaterThan(20);
		assertThat(panels).allSatisfy((panel) -> assertThat(panel.title()).as("title of panel %d", panel.id()).isNotBlank());
		assertThat(panels).filteredOn((panel) -> !panel.isRow()).allSatisfy((panel) -> {
			assertThat(panel.unit()).as("unit of panel %d '%s'", panel.id(), panel.title())
				.isNotBlank()
				.isNotIn("none", "short");
			assertThat(panel.json().path("description").asString()).as("description of panel %d", panel.id())
				.isNotBlank();
		});
	}

	@Test
	void panelIdsAreUnique() throws Exception {
		List<Integer> ids = GrafanaDashboard.load().panels().stream().map(GrafanaDashboard.Panel::id).toList();
		assertThat(ids).doesNotHaveDuplicates().doesNotContain(-1);
	}

	@Test
	void everyQueryUsesTheDataSourceVariableAndSelectsJobServiceAndInstance() throws Exception {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		assertThat(dashboard.panels()).filteredOn((panel) -> !panel.isRow())
			.allSatisfy((panel) -> assertThat(panel.json().path("datasource").path("uid").asString())
				.as("data source of panel %d", panel.id())
				.isEqualTo("${datasource}"));
		assertThat(dashboard.queries()).isNotEmpty().allSatisfy((query) -> {
			Set<String> names = PromQl.metricNames(query.expression());
			assertThat(names).as("metrics of panel %d %s", query.panel(), query.refId()).isNotEmpty();
			// Every series selector carries the variables: count them against the metric names.
			int selectors = query.expression().split("\\{" + Pattern.quote(SELECTOR), -1).length - 1;
			int series = query.expression().split("\\b(" + String.join("|", names) + ")\\{", -1).length - 1;
			assertThat(selectors).as("selectors with job, service and instance in panel %d %s: %s", query.panel(),
					query.refId(), query.expression())
				.isEqualTo(series)
				.isPositive();
		});
	}

	@Test
	void latencyPanelsShowExemplarsThatLinkToTraces() throws Exception {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		Set<Integer> quantilePanels = dashboard.queries()
			.stream()
			.filter((query) -> query.expression().contains("histogram_quantile("))
			.map(GrafanaDashboard.Query::panel)
			.collect(Collectors.toSet());
		assertThat(quantilePanels).contains(13, 21);
		assertThat(quantilePanels).allSatisfy((panel) -> assertThat(dashboard.queries())
			.filteredOn((query) -> query.panel() == panel)
			.as("queries of panel %d", panel)
			.anyMatch(GrafanaDashboard.Query::exemplars));
	}

	@Test
	void redPerRouteAndAdapterPanelsReadTheHistograms() throws Exception {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		assertThat(expressionsOf(dashboard, 11)).singleElement()
			.satisfies((expression) -> assertThat(expression).contains("http_server_request_duration_seconds_count")
				.contains("by (http_request_method, http_route)"));
		assertThat(expressionsOf(dashboard, 12)).singleElement()
			.satisfies((expression) -> assertThat(expression).contains("http_response_status_code=~\"5..\""));
		assertThat(expressionsOf(dashboard, 13)).hasSize(3)
			.allSatisfy((expression) -> assertThat(expression).contains("http_server_request_duration_seconds_bucket")
				.contains("by (le, http_route)"))
			.anySatisfy((expression) -> assertThat(expression).startsWith("histogram_quantile(0.50,"))
			.anySatisfy((expression) -> assertThat(expression).startsWith("histogram_quantile(0.95,"))
			.anySatisfy((expression) -> assertThat(expression).startsWith("histogram_quantile(0.99,"));
		assertThat(expressionsOf(dashboard, 21)).singleElement()
			.satisfies((expression) -> assertThat(expression).startsWith("histogram_quantile(0.99,")
				.contains("adapter_operation_duration_seconds_bucket")
				.contains("by (le, adapter, operation)"));
	}

	@Test
	void panelsOfMetricsThatDoNotExistYetAreInOneCollapsedRow() throws Exception {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		List<GrafanaDashboard.Panel> rows = dashboard.panels()
			.stream()
			.filter((panel) -> panel.isRow() && panel.isFuture())
			.toList();
		assertThat(rows).singleElement().satisfies((row) -> {
			assertThat(row.id()).isEqualTo(100);
			assertThat(row.json().path("collapsed").asBoolean()).isTrue();
		});
		assertThat(dashboard.panels()).filteredOn(GrafanaDashboard.Panel::isFuture)
			.extracting(GrafanaDashboard.Panel::id)
			.containsExactly(100, 101, 102, 103, 104, 105);
		// The future row comes last, so nothing else sits inside it by accident.
		List<GrafanaDashboard.Panel> topLevel = dashboard.panels().stream().filter((panel) -> panel.id() < 100).toList();
		assertThat(topLevel).noneMatch(GrafanaDashboard.Panel::isFuture);
	}

	@Test
	void metricNamesAreFoundInPromQl() {
		assertThat(PromQl.metricNames("histogram_quantile(0.99, sum by (le, http_route) "
				+ "(rate(http_server_request_duration_seconds_bucket{job=~\"$job\", le!=\"0.5\"}[$__rate_interval])))"))
			.containsExactly("http_server_request_duration_seconds_bucket");
		assertThat(PromQl.metricNames("sum(up{a=\"b{c}\"}) / count(up) or vector(0)")).containsExactly("up");
		assertThat(PromQl.metricNames("a_total offset 5m / on (x) group_left (y) b_count > bool 1e3 unless c:rule"))
			.containsExactly("a_total", "b_count", "c:rule");
		assertThat(PromQl.metricNames("sum without (instance) (rate(x_total[5m])) * 0.5"))
			.containsExactly("x_total");
	}

	@Test
	void grafanaVariablesAreReplacedForPlainPrometheus() {
		assertThat(PromQl.forPrometheus("rate(x{" + SELECTOR + "}[$__rate_interval])", "1m"))
			.isEqualTo("rate(x{job=~\".*\", service=~\".*\", instance=~\".*\"}[1m])");
	}

	private static List<String> expressionsOf(GrafanaDashboard dashboard, int panel) {
		return dashboard.queries()
			.stream()
			.filter((query) -> query.panel() == panel)
			.map(GrafanaDashboard.Query::expression)
			.toList();
	}

}
