package dev.openframe.telemetry.tasks.internal;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenTelemetry's Logback MDC appender, wrapped around the appenders of the real Logback
 * configuration, puts the current span's ids into each event's MDC.
 */
class MdcCorrelationTests {

	private static final SpanContext SPAN = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
			TraceFlags.getSampled(), TraceState.getDefault());

	private final Logger logger = (Logger) LoggerFactory.getLogger("test.mdc.correlation");

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	private final MdcCorrelation correlation = new MdcCorrelation(List.of("SKIPPED"));

	@BeforeEach
	void attach() {
		this.events.setName("LIST");
		this.events.start();
		this.logger.addAppender(this.events);
		this.correlation.afterPropertiesSet();
	}

	@AfterEach
	void detach() {
		this.correlation.destroy();
		this.logger.detachAppender(this.events);
		MDC.clear();
	}

	@Test
	void eventWrittenWhileASpanIsCurrentCarriesItsIds() {
		try (Scope scope = Span.wrap(SPAN).makeCurrent()) {
			this.logger.info("in a span");
		}
		assertThat(this.events.list).singleElement()
			.satisfies((event) -> assertThat(event.getMDCPropertyMap())
				.containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
				.containsEntry("span_id", "00f067aa0ba902b7"));
	}

	@Test
	void eventWrittenOutsideAnySpanHasNoIds() {
		this.logger.info("no span");
		assertThat(this.events.list).singleElement()
			.satisfies((event) -> assertThat(event.getMDCPropertyMap()).doesNotContainKey("trace_id"));
	}

	@Test
	void idsTheRequestFilterPutIntoTheMdcAreKept() {
		MDC.put("trace_id", "0af7651916cd43dd8448eb211c80319c");
		MDC.put("span_id", "b7ad6b7169203331");
		try (Scope scope = Span.wrap(SPAN).makeCurrent()) {
			this.logger.info("in a request");
		}
		assertThat(this.events.list).singleElement()
			.satisfies((event) -> assertThat(event.getMDCPropertyMap())
				.containsEntry("trace_id", "0af7651916cd43dd8448eb211c80319c")
				.containsEntry("span_id", "b7ad6b7169203331"));
	}

	@Test
	void appenderWithoutANameIsWrappedToo() {
		ListAppender<ILoggingEvent> unnamed = new ListAppender<>();
		unnamed.start();
		this.logger.addAppender(unnamed);
		MdcCorrelation again = new MdcCorrelation(List.of("SKIPPED"));
		again.afterPropertiesSet();
		try (Scope scope = Span.wrap(SPAN).makeCurrent()) {
			this.logger.info("in a span");
		}
		finally {
			again.destroy();
			this.logger.detachAppender(unnamed);
		}
		assertThat(unnamed.list).singleElement()
			.satisfies((event) -> assertThat(event.getMDCPropertyMap()).containsEntry("trace_id",
					"4bf92f3577b34da6a3ce929d0e0e4736"));
	}

	@Test
	void destroyGivesTheAppendersBack() {
		this.correlation.destroy();
		assertThat(this.logger.getAppender("LIST")).isSameAs(this.events);
		assertThat(this.logger.getAppender(MdcCorrelation.NAME_PREFIX + "LIST")).isNull();
	}

}
