package dev.openframe.telemetry.web;

import dev.openframe.telemetry.web.internal.RequestLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-text message of the request log event cannot carry line breaks, whatever a path holds.
 */
class RequestLogMessageTests {

	@Test
	void replacesControlCharactersAndUnicodeLineSeparators() {
		StringBuilder message = new StringBuilder();
		RequestLog.appendSafe(message, "/a\r\nFORGED\u0000\u001b[31m\u2028\u2029\u007f/b");
		assertThat(message).hasToString("/a??FORGED??[31m???/b");
	}

}
