package dev.openframe.telemetry.logging.internal;

import org.jspecify.annotations.Nullable;

/**
 * Members of a JSON object in insertion order, where a dotted name such as
 * {@code http.request.method} becomes nested objects; small, for the handful of context pairs of
 * a log event.
 */
final class JsonTree extends NamedValues {

	JsonTree(int capacity) {
		super(capacity);
	}

	/**
	 * Adds a value under a dotted name, split as Spring Boot's ECS format splits it: at every dot
	 * but a final one, which stays part of the last name.
	 * A name that is empty or clashes with one already added (a value where an object is needed,
	 * or a name taken) is dropped, leaving the tree as it was.
	 * @param name the dotted name
	 * @param value the value
	 */
	void put(String name, @Nullable Object value) {
		int length = lengthOf(name);
		if (length == 0) {
			return;
		}
		JsonTree node = this;
		int start = 0;
		for (int dot = firstDot(name, 0, length); dot >= 0; dot = firstDot(name, start, length)) {
			int index = node.indexOf(name, start, dot);
			if (index < 0) {
				JsonTree child = new JsonTree(4);
				node.add(name.substring(start, dot), child);
				node = child;
			}
			else if (node.values[index] instanceof JsonTree child) {
				node = child;
			}
			else {
				return;
			}
			start = dot + 1;
		}
		if (node.indexOf(name, start, length) < 0) {
			node.add((start == 0 && length == name.length()) ? name : name.substring(start, length), value);
		}
	}

	/**
	 * Whether the first part of a dotted name is a member here.
	 * @param name the dotted name
	 * @return {@code true} if present
	 */
	boolean containsFirstPart(String name) {
		int length = lengthOf(name);
		int dot = firstDot(name, 0, length);
		return indexOf(name, 0, (dot >= 0) ? dot : length) >= 0;
	}

	/** The part of a name that counts: all but a final dot. */
	private static int lengthOf(String name) {
		return name.endsWith(".") ? name.length() - 1 : name.length();
	}

	/** The next dot that splits, or -1: a dot in the last place of the counted part does not. */
	private static int firstDot(String name, int from, int length) {
		int dot = name.indexOf('.', from);
		return (dot >= 0 && dot < length - 1) ? dot : -1;
	}

	/**
	 * Writes the members, each after a comma when {@code leadingComma}, else between members.
	 * @param json where to write
	 * @param leadingComma whether members follow others already written
	 * @param values writes each value that is not a nested object
	 */
	void writeMembers(StringBuilder json, boolean leadingComma, ValueWriter values) {
		for (int i = 0; i < this.size; i++) {
			if (leadingComma || i > 0) {
				json.append(',');
			}
			JsonText.string(json, this.names[i]);
			json.append(':');
			if (this.values[i] instanceof JsonTree child) {
				json.append('{');
				child.writeMembers(json, false, values);
				json.append('}');
			}
			else {
				values.write(json, this.values[i]);
			}
		}
	}

	private int indexOf(String name, int start, int end) {
		int length = end - start;
		for (int i = 0; i < this.size; i++) {
			String candidate = this.names[i];
			if (candidate.length() == length && name.regionMatches(start, candidate, 0, length)) {
				return i;
			}
		}
		return -1;
	}

	/** Writes a value where it belongs in the text. */
	@FunctionalInterface
	interface ValueWriter {

		void write(StringBuilder json, @Nullable Object value);

	}

}
