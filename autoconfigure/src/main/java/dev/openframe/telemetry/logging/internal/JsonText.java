package dev.openframe.telemetry.logging.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.WritableJson;
import org.springframework.util.ObjectUtils;

/**
 * JSON values written the way Spring Boot's {@code JsonWriter} writes them: numbers and booleans
 * bare, maps as objects, iterables and arrays as arrays, anything else as an escaped string.
 */
public final class JsonText {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private JsonText() {
	}

	public static void value(StringBuilder json, @Nullable Object value) {
		if (value == null) {
			json.append("null");
		}
		else if (value instanceof CharSequence) {
			string(json, value);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			json.append(value);
		}
		else if (value instanceof WritableJson writable) {
			try {
				writable.to(json);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		else if (value instanceof Iterable<?> iterable && !(value instanceof Path)) {
			array(json, iterable);
		}
		else if (ObjectUtils.isArray(value)) {
			array(json, Arrays.asList(ObjectUtils.toObjectArray(value)));
		}
		else if (value instanceof Map<?, ?> map) {
			json.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					json.append(',');
				}
				first = false;
				string(json, entry.getKey());
				json.append(':');
				value(json, entry.getValue());
			}
			json.append('}');
		}
		else {
			string(json, value);
		}
	}

	private static void array(StringBuilder json, Iterable<?> elements) {
		json.append('[');
		boolean first = true;
		for (Object element : elements) {
			if (!first) {
				json.append(',');
			}
			first = false;
			value(json, element);
		}
		json.append(']');
	}

	/** Writes a string, or {@code null}; escapes as Spring Boot does. */
	public static void string(StringBuilder json, @Nullable Object value) {
		if (value == null) {
			json.append("null");
			return;
		}
		String text = value.toString();
		json.append('"');
		int plainFrom = 0;
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (ch == '"' || ch == '\\' || Character.isISOControl(ch)) {
				json.append(text, plainFrom, i);
				escape(json, ch);
				plainFrom = i + 1;
			}
		}
		json.append(text, plainFrom, text.length()).append('"');
	}

	private static void escape(StringBuilder json, char ch) {
		switch (ch) {
			case '"' -> json.append("\\\"");
			case '\\' -> json.append("\\\\");
			case '\b' -> json.append("\\b");
			case '\f' -> json.append("\\f");
			case '\n' -> json.append("\\n");
			case '\r' -> json.append("\\r");
			case '\t' -> json.append("\\t");
			default -> json.append("\\u")
				.append(HEX[(ch >> 12) & 0xF])
				.append(HEX[(ch >> 8) & 0xF])
				.append(HEX[(ch >> 4) & 0xF])
				.append(HEX[ch & 0xF]);
		}
	}

	/** Writes {@code "name":"value"} after a comma if needed, when the value has length. */
	public static void optionalMember(StringBuilder json, String name, @Nullable String value) {
		if (value != null && !value.isEmpty()) {
			comma(json).append('"').append(name).append("\":");
			string(json, value);
		}
	}

	/** Appends a comma unless an object has just been opened. */
	public static StringBuilder comma(StringBuilder json) {
		return (json.charAt(json.length() - 1) != '{') ? json.append(',') : json;
	}

}
