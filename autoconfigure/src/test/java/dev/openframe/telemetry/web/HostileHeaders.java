package dev.openframe.telemetry.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Seeded generator of hostile header values for {@link HostileHeaderPropertyTests}. Values are
 * strings of one char per byte on the wire (ISO-8859-1), so a value can hold bytes that are
 * not UTF-8, control characters and raw CR/LF exactly as a client may send them.
 */
final class HostileHeaders {

	static final String SAFE_SESSION_CHARS = "abcXYZ019._:-";

	private static final String HEX = "0123456789abcdef";

	private static final String[] SYNTAX = { "\"", "\\", "\",\"forged\":\"x", "}{\"forged\":1}", "%0d%0a", "\\u000a",
			"\u0085", "\u00ff\u00fe", "\t", "\u0000", "\u001b[31m", "${jndi:ldap://x}", "=", ",", ";", "\u00c3\u0028",
			"\u00e2\u0082", "\u00f0\u009f\u0098" };

	private final Random random;

	HostileHeaders(Random random) {
		this.random = random;
	}

	/** A request path: known, unknown, a 503, or one with hostile text percent-encoded. */
	String path() {
		return switch (this.random.nextInt(5)) {
			case 0 -> "/items/1";
			case 1 -> "/nowhere";
			case 2 -> "/status/503";
			case 3 -> "/items/" + percentEncoded(text(40, false));
			default -> "/nowhere/" + percentEncoded(text(40, false));
		};
	}

	/** Zero to three values, one most often, so that repeated headers are common but not the rule. */
	List<String> repeated(Supplier<String> value) {
		int roll = this.random.nextInt(9);
		int count = (roll == 0) ? 0 : (roll <= 6) ? 1 : 2 + this.random.nextInt(2);
		List<String> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(value.get());
		}
		return values;
	}

	String sessionId() {
		return switch (this.random.nextInt(8)) {
			case 0, 1 -> chars(SAFE_SESSION_CHARS, 1 + this.random.nextInt(128));
			case 2 -> chars(SAFE_SESSION_CHARS, 129 + this.random.nextInt(172));
			case 3 -> "\",\"forged\":\"yes";
			case 4 -> "x".repeat(8192);
			case 5 -> chars(SAFE_SESSION_CHARS, 8) + text(140, true);
			default -> text(140, true);
		};
	}

	String traceparent() {
		String valid = "00-" + chars(HEX, 32) + "-" + chars(HEX, 16) + "-" + pick("00", "01", "ff", "0f");
		return switch (this.random.nextInt(9)) {
			case 0, 1 -> valid;
			case 2 -> {
				int at = 3 + this.random.nextInt(52);
				yield valid.substring(0, at) + hostileChar() + valid.substring(at + 1);
			}
			case 3 -> valid + "-extra";
			case 4 -> valid.substring(0, 40);
			case 5 -> valid.toUpperCase();
			case 6 -> "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01";
			case 7 -> "00-4bf92f3577b34da6a3ce929d0e0e4736-" + "x".repeat(8192);
			default -> text(80, true);
		};
	}

	String tracestate() {
		return switch (this.random.nextInt(4)) {
			case 0 -> "vendor=value,other=1";
			case 1 -> members(40, () -> chars("abcdefghijklmnopqrstuvwxyz", 1 + this.random.nextInt(8)) + "="
					+ chars("!\"#$%&'()*+abcdefghijklmnopqrstuvwxyz", this.random.nextInt(31)));
			case 2 -> "k=" + "v".repeat(8192);
			default -> text(64, true);
		};
	}

	/** One to three baggage headers. */
	List<String> baggageHeaders() {
		int count = 1 + this.random.nextInt(3);
		List<String> values = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			values.add(baggage());
		}
		return values;
	}

	/** One baggage header: a thousand members, hostile text, an 8 KB-plus value, or a mix. */
	String baggage() {
		return switch (this.random.nextInt(4)) {
			case 0 -> members(1000, this::baggageMember);
			case 1 -> text(200, false);
			case 2 -> "big=" + "x".repeat((1 + this.random.nextInt(3)) * 4096);
			default -> members(100, () -> this.random.nextBoolean() ? baggageMember() : text(20, false));
		};
	}

	private String baggageMember() {
		return chars("abcdefghijklmnopqrstuvwxyz", 1 + this.random.nextInt(12)) + "="
				+ chars("0123456789abcdefghijklmnopqrstuvwxyz", this.random.nextInt(41));
	}

	private String members(int max, Supplier<String> member) {
		int count = 1 + this.random.nextInt(max);
		StringBuilder joined = new StringBuilder();
		for (int i = 0; i < count; i++) {
			joined.append((i > 0) ? "," : "").append(member.get());
		}
		return joined.toString();
	}

	/**
	 * Hostile text: any byte (control characters, 0x80 to 0xFF that are not UTF-8 on their own),
	 * UTF-8 encoded characters of the whole Unicode range, or JSON and log syntax. With
	 * {@code lineBreaks}, sometimes a raw CR, LF or CRLF too, which ends the header line on the
	 * wire (a header injected by the client) or is rejected by the container.
	 */
	String text(int maxLength, boolean lineBreaks) {
		String text = switch (this.random.nextInt(3)) {
			case 0 -> {
				StringBuilder bytes = new StringBuilder();
				int length = this.random.nextInt(maxLength + 1);
				for (int i = 0; i < length; i++) {
					bytes.append(hostileChar());
				}
				yield bytes.toString();
			}
			case 1 -> {
				StringBuilder unicode = new StringBuilder();
				int length = this.random.nextInt(maxLength / 4 + 1);
				for (int i = 0; i < length; i++) {
					int codePoint = this.random.nextInt(Character.MAX_CODE_POINT + 1);
					if (Character.isValidCodePoint(codePoint) && !Character.isSurrogate((char) codePoint)
							&& codePoint != '\r' && codePoint != '\n') {
						unicode.appendCodePoint(codePoint);
					}
				}
				yield new String(unicode.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
			}
			default -> {
				StringBuilder syntax = new StringBuilder();
				int parts = this.random.nextInt(9);
				for (int i = 0; i < parts; i++) {
					syntax.append(SYNTAX[this.random.nextInt(SYNTAX.length)]);
				}
				yield syntax.toString();
			}
		};
		if (lineBreaks && this.random.nextInt(6) == 0) {
			int at = this.random.nextInt(text.length() + 1);
			String lineBreak = pick("\r\n", "\n", "\r", "\r\n ", "\r\nx-forged: 1\r\n", "\r\n\r\n");
			text = text.substring(0, at) + lineBreak + text.substring(at);
		}
		return text;
	}

	private char hostileChar() {
		char c;
		do {
			c = (char) this.random.nextInt(256);
		}
		while (c == '\r' || c == '\n');
		return c;
	}

	private String chars(String alphabet, int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = alphabet.charAt(this.random.nextInt(alphabet.length()));
		}
		return new String(chars);
	}

	private String pick(String... values) {
		return values[this.random.nextInt(values.length)];
	}

	static boolean hasLineBreak(List<String> values) {
		return values.stream().anyMatch((value) -> value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0);
	}

	private static String percentEncoded(String text) {
		StringBuilder encoded = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
			encoded.append('%').append(HEX.toUpperCase().charAt((b >> 4) & 0xf)).append(HEX.toUpperCase().charAt(b & 0xf));
		}
		return encoded.toString();
	}

}
