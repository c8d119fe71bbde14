package dev.openframe.telemetry.logging.internal;

import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InstantText} writes what {@link Instant#toString()} writes, in and across seconds.
 */
class InstantTextTests {

	private final InstantText text = new InstantText();

	@Test
	void sameAsInstantToStringForEveryFractionShape() {
		long second = Instant.parse("2026-11-28T05:29:14Z").getEpochSecond();
		for (int nanos : new int[] { 0, 1, 10, 999_999_999, 5_000_000, 120_000_000, 123_000, 100_000, 616_201_958 }) {
			assertSame(Instant.ofEpochSecond(second, nanos));
		}
	}

	@Test
	void sameAsInstantToStringAcrossManyInstants() {
		SplittableRandom random = new SplittableRandom(42);
		long second = Instant.parse("1969-12-31T23:59:58Z").getEpochSecond();
		for (int i = 0; i < 10_000; i++) {
			second += random.nextInt(3);
			int nanos = switch (random.nextInt(4)) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			assertSame(Instant.ofEpochSecond(second, nanos));
		}
	}

	private void assertSame(Instant instant) {
		StringBuilder written = new StringBuilder();
		this.text.append(written, instant);
		assertThat(written).hasToString(instant.toString());
	}

}
