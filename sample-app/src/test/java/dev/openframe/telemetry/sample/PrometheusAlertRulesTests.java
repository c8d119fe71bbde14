package dev.openframe.telemetry.sample;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules in {@code deploy/prometheus/alerts.yml} pass {@code promtool check rules}, and
 * their unit tests ({@code alerts-test.yml}: every alert fires when it should and stays quiet
 * when it should not) pass {@code promtool test rules}; both Prometheus configurations load them.
 */
class PrometheusAlertRulesTests {

	private static final Path DEPLOY = Path.of("deploy");

	private static final Path RULES_DIRECTORY = DEPLOY.resolve("prometheus");

	@Test
	void alertRulesPassPromtoolCheck() throws Exception {
		Promtool.Result result = Promtool.locate().run(RULES_DIRECTORY, "check", "rules", "alerts.yml").assertSucceeded();
		assertThat(result.output()).contains("SUCCESS: 6 rules found");
	}

	@Test
	void everyAlertFiresAndStaysQuietAsItsUnitTestsExpect() throws Exception {
		Promtool.Result result = Promtool.locate().run(RULES_DIRECTORY, "test", "rules", "alerts-test.yml").assertSucceeded();
		assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
	}

	@Test
	void everyAlertHasUnitTestsThatFireAndThatStayQuiet() throws Exception {
		AlertRules rules = AlertRules.load(RULES_DIRECTORY.resolve("alerts.yml"));
		AlertRules.Tests tests = AlertRules.Tests.load(RULES_DIRECTORY.resolve("alerts-test.yml"));
		assertThat(rules.alertNames()).hasSize(6);
		assertThat(tests.firingAlerts()).as("alerts with a case where they fire")
			.containsExactlyInAnyOrderElementsOf(rules.alertNames());
		assertThat(tests.quietAlerts()).as("alerts with a case where they stay quiet")
			.containsExactlyInAnyOrderElementsOf(rules.alertNames());
	}

	@Test
	void everyAlertHasSummaryDescriptionAndSeverity() throws Exception {
		AlertRules rules = AlertRules.load(RULES_DIRECTORY.resolve("alerts.yml"));
		assertThat(rules.alerts()).allSatisfy((alert) -> {
			assertThat(alert.annotations()).as(alert.name()).containsKeys("summary", "description");
			assertThat(alert.labels()).as(alert.name()).containsKey("severity");
		});
	}

	@Test
	void everyAlertHasARunbookLineInTheReadme() throws Exception {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf("\n## See your telemetry");
		assertThat(start).as("README section 'See your telemetry'").isPositive();
		int end = readme.indexOf("\n## ", start + 1);
		String section = readme.substring(start, (end < 0) ? readme.length() : end);
		AlertRules rules = AlertRules.load(RULES_DIRECTORY.resolve("alerts.yml"));
		assertThat(rules.alertNames()).allSatisfy((alert) -> assertThat(section.lines())
			.as("runbook line of %s", alert)
			.anyMatch((line) -> line.startsWith("| `" + alert + "` |")));
	}

	@Test
	void prometheusConfigurationsLoadTheAlertRules() throws Exception {
		Promtool promtool = Promtool.locate();
		assertThat(promtool.run(DEPLOY, "check", "config", "prometheus.yml").assertSucceeded().output())
			.contains("SUCCESS: 1 rule files found")
			.contains("SUCCESS: 6 rules found");
		assertThat(promtool.run(RULES_DIRECTORY, "check", "config", "prometheus-compose.yml").assertSucceeded().output())
			.contains("SUCCESS: 1 rule files found")
			.contains("SUCCESS: 6 rules found");
	}

}
