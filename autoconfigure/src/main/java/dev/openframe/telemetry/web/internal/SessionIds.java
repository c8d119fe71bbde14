package dev.openframe.telemetry.web.internal;

import java.util.Enumeration;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Validates incoming session ids and makes new ones. A valid id is 1 to 128 characters of
 * {@code [A-Za-z0-9._:-]}; anything else, including several header values, is replaced by a
 * random UUID made without a blocking random source.
 */
public final class SessionIds {

	/** Longest accepted incoming id. */
	public static final int MAX_LENGTH = 128;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private SessionIds() {
	}

	/**
	 * Returns the incoming id if valid, else a new one.
	 * @param values all values of the session header, or {@code null}
	 * @return the session id to use
	 */
	public static String resolve(@Nullable Enumeration<String> values) {
		if (values != null && values.hasMoreElements()) {
			String first = values.nextElement();
			if (!values.hasMoreElements() && isValid(first)) {
				return first;
			}
		}
		return newId();
	}

	/**
	 * Whether a value is an acceptable session id.
	 * @param value the candidate
	 * @return {@code true} for 1 to 128 characters of {@code [A-Za-z0-9._:-]}
	 */
	public static boolean isValid(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == ':' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Makes a random (version 4) UUID string from {@link ThreadLocalRandom}, which never blocks.
	 * Session ids identify, they do not authenticate, so a non-cryptographic source is enough.
	 * @return a new id such as {@code 3b241101-e2bb-4255-8caf-4136c566a962}
	 */
	public static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L;
		long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
		char[] chars = new char[36];
		hex(chars, 0, high >>> 32, 8);
		chars[8] = '-';
		hex(chars, 9, high >>> 16, 4);
		chars[13] = '-';
		hex(chars, 14, high, 4);
		chars[18] = '-';
		hex(chars, 19, low >>> 48, 4);
		chars[23] = '-';
		hex(chars, 24, low, 12);
		return new String(chars);
	}

	private static void hex(char[] chars, int offset, long value, int digits) {
		for (int i = digits - 1; i >= 0; i--) {
			chars[offset + i] = HEX[(int) (value & 0xf)];
			value >>>= 4;
		}
	}

}
