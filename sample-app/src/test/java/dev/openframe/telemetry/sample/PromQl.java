package dev.openframe.telemetry.sample;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found without a PromQL parser (there is none for
 * Java): string literals, label matchers, ranges and grouping label lists are removed, then
 * every remaining identifier that is not a function call, keyword or number is a metric name.
 * Good for the expressions of our dashboard and alert rules; a test of its own pins it down.
 */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern LABEL_LIST = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");

	// An identifier not preceded by part of a number or a Grafana variable ($job, $__interval).
	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2");

	private PromQl() {
	}

	/**
	 * @param expression a PromQL expression, Grafana variables allowed
	 * @return the metric names it selects, such as {@code http_server_request_duration_seconds_bucket}
	 */
	static Set<String> metricNames(String expression) {
		String stripped = STRING.matcher(expression).replaceAll("\"\"");
		stripped = MATCHERS.matcher(stripped).replaceAll(" ");
		stripped = RANGE.matcher(stripped).replaceAll(" ");
		stripped = LABEL_LIST.matcher(stripped).replaceAll(" ");
		stripped = OFFSET.matcher(stripped).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(stripped);
		while (identifier.find()) {
			String name = identifier.group();
			boolean call = stripped.substring(identifier.end()).stripLeading().startsWith("(");
			if (!call && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT))) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Turns a Grafana query into one a plain Prometheus evaluates: every variable selects all
	 * ({@code .*}) and {@code $__rate_interval} becomes the given range.
	 * @param expression a dashboard query
	 * @param rateInterval such as {@code 1m}
	 * @return the query with no Grafana variables left
	 */
	static String forPrometheus(String expression, String rateInterval) {
		return expression.replace("$__rate_interval", rateInterval)
			.replace("$__interval", rateInterval)
			.replaceAll("\\$\\{?(job|service|instance)}?", ".*");
	}

}
