package dev.openframe.telemetry.web.internal;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.AntPathMatcher;

/**
 * Ant-style path patterns that get no span, metrics or log. Patterns of the common form
 * {@code /prefix/**} are checked with a plain prefix comparison, so the usual exclusion of
 * {@code /actuator/**} costs no pattern matching per request.
 */
public final class PathExclusions {

	private final List<String> prefixes = new ArrayList<>();

	private final List<String> patterns = new ArrayList<>();

	private final AntPathMatcher matcher = new AntPathMatcher();

	/**
	 * Creates exclusions from patterns.
	 * @param patterns Ant-style patterns, such as {@code /actuator/**}
	 */
	public PathExclusions(List<String> patterns) {
		for (String pattern : patterns) {
			String trimmed = pattern.trim();
			String prefix = trimmed.endsWith("/**") ? trimmed.substring(0, trimmed.length() - 3) : null;
			if (prefix != null && !this.matcher.isPattern(prefix)) {
				this.prefixes.add(prefix);
			}
			else if (!trimmed.isEmpty()) {
				this.patterns.add(trimmed);
			}
		}
	}

	/**
	 * Whether a path is excluded.
	 * @param path the path within the application (without context path)
	 * @return {@code true} if a pattern matches
	 */
	public boolean isExcluded(String path) {
		for (String prefix : this.prefixes) {
			if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		for (String pattern : this.patterns) {
			if (this.matcher.match(pattern, path)) {
				return true;
			}
		}
		return false;
	}

}
