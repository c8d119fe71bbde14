package dev.openframe.telemetry.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard {@code deploy/grafana/openframe-telemetry.json}, read with Jackson: its
 * panels (those inside rows too) and their queries. {@link #queries()} is the one list of the
 * dashboard's PromQL expressions, for the tests here and for evaluating them against a live
 * Prometheus ({@link PromQl#forPrometheus} removes the Grafana variables).
 */
final class GrafanaDashboard {

	/** Where the dashboard lives, relative to the sample app's folder. */
	static final Path FILE = Path.of("deploy", "grafana", "openframe-telemetry.json");

	/**
	 * Marks the row whose panels show metrics that do not exist yet (Kafka and SQL
	 * instrumentation): they are left out of the checks against a real scrape.
	 */
	static final String FUTURE_ROW_MARK = "(appear once Kafka/JDBC instrumentation is enabled)";

	/**
	 * A panel.
	 *
	 * @param id the panel id
	 * @param type such as {@code timeseries}, {@code stat} or {@code row}
	 * @param title its title
	 * @param unit {@code fieldConfig.defaults.unit}, empty when unset
	 * @param row title of the row it is in, empty above the first row
	 * @param json the panel itself
	 */
	record Panel(int id, String type, String title, String unit, String row, JsonNode json) {

		boolean isRow() {
			return this.type.equals("row");
		}

		/** @return whether it shows metrics that do not exist yet */
		boolean isFuture() {
			return this.row.contains(FUTURE_ROW_MARK) || this.title.contains(FUTURE_ROW_MARK);
		}

	}

	/**
	 * A query of a panel.
	 *
	 * @param panel the panel's id
	 * @param refId the query's id in the panel (A, B, ...)
	 * @param expression its PromQL, with Grafana variables
	 * @param exemplars whether Grafana fetches exemplars with it
	 * @param future whether its panel is in the row of metrics that do not exist yet
	 */
	record Query(int panel, String refId, String expression, boolean exemplars, boolean future) {
	}

	private final JsonNode json;

	private final List<Panel> panels = new ArrayList<>();

	private GrafanaDashboard(JsonNode json) {
		this.json = json;
		collect(json.path("panels"), "");
	}

	/** @return the dashboard of the sample app's deploy folder */
	static GrafanaDashboard load() throws IOException {
		return new GrafanaDashboard(JsonMapper.builder().build().readTree(Files.readString(FILE)));
	}

	private void collect(JsonNode panels, String row) {
		String currentRow = row;
		for (JsonNode panel : panels) {
			Panel read = new Panel(panel.path("id").asInt(-1), panel.path("type").asString(""),
					panel.path("title").asString(""), panel.path("fieldConfig").path("defaults").path("unit").asString(""),
					currentRow, panel);
			this.panels.add(read);
			if (read.isRow()) {
				currentRow = read.title();
				// A collapsed row keeps its panels inside itself.
				collect(panel.path("panels"), read.title());
			}
		}
	}

	/** @return the whole dashboard */
	JsonNode json() {
		return this.json;
	}

	/** @return every panel, rows and the panels inside collapsed rows included */
	List<Panel> panels() {
		return this.panels;
	}

	/** @return every query of every panel */
	List<Query> queries() {
		List<Query> queries = new ArrayList<>();
		for (Panel panel : this.panels) {
			for (JsonNode target : panel.json().path("targets")) {
				queries.add(new Query(panel.id(), target.path("refId").asString(""), target.path("expr").asString(""),
						target.path("exemplar").asBoolean(false), panel.isFuture()));
			}
		}
		return queries;
	}

}
