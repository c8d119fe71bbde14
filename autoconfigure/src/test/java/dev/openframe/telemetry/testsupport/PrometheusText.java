package dev.openframe.telemetry.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4) for tests: every
 * line must be a comment, a {@code # HELP} / {@code # TYPE} line or a well-formed sample with
 * escaped label values, or parsing fails. Written here because the Prometheus Java client only
 * writes the format.
 */
public final class PrometheusText {

	/**
	 * One sample line.
	 *
	 * @param name metric name, such as {@code http_server_request_duration_seconds_count}
	 * @param labels label names to values
	 * @param value the sample value
	 */
	public record Sample(String name, Map<String, String> labels, double value) {
	}

	private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

	private final List<Sample> samples;

	private final Map<String, String> types;

	private PrometheusText(List<Sample> samples, Map<String, String> types) {
		this.samples = samples;
		this.types = types;
	}

	/**
	 * Parses a whole exposition.
	 * @param text the body of {@code /actuator/prometheus}
	 * @return the parsed samples and types
	 * @throws IllegalArgumentException on the first malformed line
	 */
	public static PrometheusText parse(String text) {
		List<Sample> samples = new ArrayList<>();
		Map<String, String> types = new LinkedHashMap<>();
		int lineNumber = 0;
		for (String line : text.split("\n", -1)) {
			lineNumber++;
			if (line.isEmpty()) {
				continue;
			}
			try {
				if (line.startsWith("# TYPE ")) {
					String[] parts = line.substring(7).split(" ");
					require(parts.length == 2 && isName(parts[0]) && TYPES.contains(parts[1]), "bad TYPE line");
					require(types.put(parts[0], parts[1]) == null, "TYPE declared twice");
				}
				else if (!line.startsWith("#")) {
					samples.add(sample(line));
				}
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("line " + lineNumber + ": " + ex.getMessage() + ": " + line, ex);
			}
		}
		return new PrometheusText(samples, types);
	}

	/** @return every sample */
	public List<Sample> samples() {
		return this.samples;
	}

	/**
	 * @param name a sample name
	 * @return samples of that name
	 */
	public List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/**
	 * @param family a metric family
	 * @return its declared type, or {@code null}
	 */
	public String type(String family) {
		return this.types.get(family);
	}

	private static Sample sample(String line) {
		int index = 0;
		while (index < line.length() && line.charAt(index) != '{' && line.charAt(index) != ' ') {
			index++;
		}
		String name = line.substring(0, index);
		require(isName(name), "bad metric name");
		Map<String, String> labels = new LinkedHashMap<>();
		if (index < line.length() && line.charAt(index) == '{') {
			index++;
			while (line.charAt(index) != '}') {
				int equals = line.indexOf('=', index);
				String label = line.substring(index, equals);
				require(isName(label) && !label.contains(":"), "bad label name");
				require(line.charAt(equals + 1) == '"', "label value not quoted");
				StringBuilder value = new StringBuilder();
				int i = equals + 2;
				for (; line.charAt(i) != '"'; i++) {
					char c = line.charAt(i);
					if (c == '\\') {
						char next = line.charAt(++i);
						require(next == '\\' || next == '"' || next == 'n', "bad escape");
						value.append((next == 'n') ? '\n' : next);
					}
					else {
						value.append(c);
					}
				}
				require(labels.put(label, value.toString()) == null, "duplicate label");
				index = i + 1;
				if (line.charAt(index) == ',') {
					index++;
				}
			}
			index++;
		}
		require(index < line.length() && line.charAt(index) == ' ', "missing value");
		String[] rest = line.substring(index + 1).split(" ");
		require(rest.length <= 2, "trailing content");
		return new Sample(name, labels, value(rest[0]));
	}

	private static double value(String text) {
		return switch (text) {
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			case "NaN" -> Double.NaN;
			default -> Double.parseDouble(text);
		};
	}

	private static boolean isName(String name) {
		if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':')) {
				return false;
			}
		}
		return true;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
