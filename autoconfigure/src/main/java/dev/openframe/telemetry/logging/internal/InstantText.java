package dev.openframe.telemetry.logging.internal;

import java.time.Instant;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does, reusing the text of the
 * current second: log events come many to a second.
 */
public final class InstantText {

	private volatile Second last = new Second(Long.MIN_VALUE, "");

	public void append(StringBuilder text, Instant instant) {
		long epochSecond = instant.getEpochSecond();
		Second second = this.last;
		if (second.epochSecond != epochSecond) {
			String whole = Instant.ofEpochSecond(epochSecond).toString();
			second = new Second(epochSecond, whole.substring(0, whole.length() - 1));
			this.last = second;
		}
		text.append(second.text);
		appendFraction(text, instant.getNano());
		text.append('Z');
	}

	/** As ISO_INSTANT: no fraction for whole seconds, else 3, 6 or 9 digits. */
	private static void appendFraction(StringBuilder text, int nanos) {
		if (nanos == 0) {
			return;
		}
		int digits;
		int value;
		if (nanos % 1_000_000 == 0) {
			digits = 3;
			value = nanos / 1_000_000;
		}
		else if (nanos % 1_000 == 0) {
			digits = 6;
			value = nanos / 1_000;
		}
		else {
			digits = 9;
			value = nanos;
		}
		text.append('.');
		for (int scale = pow10(digits - 1); scale > 0; scale /= 10) {
			text.append((char) ('0' + (value / scale) % 10));
		}
	}

	private static int pow10(int exponent) {
		int result = 1;
		for (int i = 0; i < exponent; i++) {
			result *= 10;
		}
		return result;
	}

	private record Second(long epochSecond, String text) {
	}

}
