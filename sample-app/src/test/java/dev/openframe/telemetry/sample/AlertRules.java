package dev.openframe.telemetry.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.Yaml;

/**
 * The alerts of a Prometheus rule file and the cases of its {@code promtool test rules} file,
 * read with SnakeYAML. {@link #alerts()} is also the list of alert expressions to evaluate
 * against a live Prometheus.
 */
final class AlertRules {

	/**
	 * One alerting rule.
	 *
	 * @param name the alert name
	 * @param expression its PromQL expression
	 * @param labels its labels
	 * @param annotations its annotations
	 */
	record Alert(String name, String expression, Map<String, String> labels, Map<String, String> annotations) {
	}

	private final List<Alert> alerts;

	private AlertRules(List<Alert> alerts) {
		this.alerts = alerts;
	}

	/**
	 * @param file a rule file such as {@code deploy/prometheus/alerts.yml}
	 * @return its alerting rules (recording rules are left out)
	 */
	@SuppressWarnings("unchecked")
	static AlertRules load(Path file) throws IOException {
		Map<String, Object> root = read(file);
		List<Alert> alerts = ((List<Map<String, Object>>) root.get("groups")).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.filter((rule) -> rule.containsKey("alert"))
			.map((rule) -> new Alert((String) rule.get("alert"), (String) rule.get("expr"),
					(Map<String, String>) rule.getOrDefault("labels", Map.of()),
					(Map<String, String>) rule.getOrDefault("annotations", Map.of())))
			.toList();
		return new AlertRules(alerts);
	}

	List<Alert> alerts() {
		return this.alerts;
	}

	List<String> alertNames() {
		return this.alerts.stream().map(Alert::name).toList();
	}

	private static Map<String, Object> read(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file)) {
			return new Yaml().load(reader);
		}
	}

	/**
	 * The {@code alert_rule_test} cases of a {@code promtool test rules} file.
	 */
	static final class Tests {

		private final Set<String> firing = new LinkedHashSet<>();

		private final Set<String> quiet = new LinkedHashSet<>();

		/**
		 * @param file such as {@code deploy/prometheus/alerts-test.yml}
		 * @return its cases, by the alert they check
		 */
		@SuppressWarnings("unchecked")
		static Tests load(Path file) throws IOException {
			Tests tests = new Tests();
			for (Map<String, Object> test : (List<Map<String, Object>>) read(file).get("tests")) {
				for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
						List.of())) {
					List<?> expected = (List<?>) check.get("exp_alerts");
					String alert = (String) check.get("alertname");
					// promtool treats a missing exp_alerts as "none expected", as does an empty list.
					((expected == null || expected.isEmpty()) ? tests.quiet : tests.firing).add(alert);
				}
			}
			return tests;
		}

		/** @return alerts with at least one case where they are expected to fire */
		Set<String> firingAlerts() {
			return this.firing;
		}

		/** @return alerts with at least one case where they are expected to stay quiet */
		Set<String> quietAlerts() {
			return this.quiet;
		}

	}

}
