package dev.openframe.telemetry.otel.internal;

import java.sql.SQLIntegrityConstraintViolationException;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedactedExceptions}.
 */
class RedactedExceptionsTests {

	@Test
	void eventKeepsTypesAndFramesButNoMessage() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
			.addSpanProcessor(SimpleSpanProcessor.create(exporter))
			.build()) {
			Exception cause = new SQLIntegrityConstraintViolationException("Key (name)=(secret-value) exists", "23505");
			IllegalStateException error = new IllegalStateException("failed on secret-value", cause);
			io.opentelemetry.api.trace.Span span = tracerProvider.get("test").spanBuilder("failing").startSpan();
			RedactedExceptions.record(span, error, "safe message", Attributes.of(AttributeKey.stringKey("extra"), "x"));
			span.end();
			EventData event = exporter.getFinishedSpanItems().get(0).getEvents().get(0);
			assertThat(event.getName()).isEqualTo("exception");
			Attributes attributes = event.getAttributes();
			assertThat(attributes.get(AttributeKey.stringKey("exception.type")))
				.isEqualTo("java.lang.IllegalStateException");
			assertThat(attributes.get(AttributeKey.stringKey("exception.message"))).isEqualTo("safe message");
			assertThat(attributes.get(AttributeKey.stringKey("extra"))).isEqualTo("x");
			assertThat(attributes.get(AttributeKey.stringKey("exception.stacktrace")))
				.startsWith("java.lang.IllegalStateException\n\tat " + getClass().getName())
				.contains("Caused by: java.sql.SQLIntegrityConstraintViolationException\n")
				.doesNotContain("secret-value");
		}
	}

	@Test
	void causeLoopEndsTheStackTrace() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalArgumentException second = new IllegalArgumentException("second", first);
		first.initCause(second);
		assertThat(RedactedExceptions.stackTrace(first).lines().filter((line) -> !line.startsWith("\t")))
			.containsExactly("java.lang.IllegalStateException", "Caused by: java.lang.IllegalArgumentException");
	}

}
