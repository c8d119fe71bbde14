package dev.openframe.telemetry.web.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The state of one request: finished exactly once (at the end of the dispatch, or on async
 * completion), named after the matched route, its failure recorded, the active count back to
 * zero, and the ids in the MDC only while the request runs. Spring's servlet test doubles stand in
 * for the container; the same paths run on a real Tomcat in {@code ServerSpanTests},
 * {@code AsyncRequestTests} and {@code RequestMetricsTests}.
 */
class ServerRequestTelemetryTests {

	private static final String PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private static final String HANDLED_EXCEPTION = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
		.addSpanProcessor(SimpleSpanProcessor.create(this.spans))
		.build();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final HttpServerMetrics metrics = new HttpServerMetrics(this.registry);

	private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/items/7");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@AfterEach
	void close() {
		this.tracerProvider.close();
		MDC.clear();
	}

	@Test
	void synchronousRequestIsNamedAfterItsRouteAndRecordedOnce() throws Exception {
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> {
			req.setAttribute(PATTERN, "/items/{id}");
			res.getWriter().write("item 7");
		});
		telemetry.finish();
		SpanData span = onlySpan();
		assertThat(span.getName()).isEqualTo("GET /items/{id}");
		assertThat(span.getAttributes().get(HttpAttributes.HTTP_ROUTE)).isEqualTo("/items/{id}");
		assertThat(span.getAttributes().get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(200L);
		assertThat(span.getAttributes().get(ServerSpanKeys.HTTP_RESPONSE_BODY_SIZE)).isEqualTo(6L);
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		Timer duration = this.registry.get(HttpServerMetrics.DURATION).tag("http.route", "/items/{id}").timer();
		assertThat(duration.count()).isEqualTo(1);
		assertThat(activeRequests()).isZero();
	}

	@Test
	void unknownPathIsUnmatchedAndTheSpanIsNamedByMethodAlone() throws Exception {
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> {
			// Spring MVC's static resource handler matches anything, then answers 404.
			req.setAttribute(PATTERN, "/**");
			((HttpServletResponse) res).setStatus(404);
		});
		SpanData span = onlySpan();
		assertThat(span.getName()).isEqualTo("GET");
		assertThat(span.getAttributes().get(HttpAttributes.HTTP_ROUTE)).isEqualTo(ServerRequestTelemetry.UNMATCHED);
	}

	@Test
	void routeIncludesTheContextPath() throws Exception {
		this.request.setContextPath("/shop");
		this.request.setRequestURI("/shop/items/7");
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> req.setAttribute(PATTERN, "/items/{id}"));
		assertThat(onlySpan().getName()).isEqualTo("GET /shop/items/{id}");
	}

	@Test
	void exceptionFromTheChainIsA500WithItsClassAsErrorType() {
		ServerRequestTelemetry telemetry = start();
		FilterChain failing = (req, res) -> {
			throw new ServletException("wrapped", new IllegalStateException("boom"));
		};
		assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> telemetry.dispatchAndFinish(this.request, failing));
		SpanData span = onlySpan();
		assertThat(span.getAttributes().get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
		assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(span.getEvents()).singleElement().satisfies((event) -> assertThat(event.getName()).isEqualTo("exception"));
		assertThat(this.registry.get(HttpServerMetrics.DURATION).tag("error.type", IllegalStateException.class.getName())
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void exceptionHandledIntoA500NamesTheHandledExceptionAsErrorType() throws Exception {
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> {
			req.setAttribute(HANDLED_EXCEPTION, new UnsupportedOperationException());
			((HttpServletResponse) res).sendError(503);
		});
		SpanData span = onlySpan();
		assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE))
			.isEqualTo(UnsupportedOperationException.class.getName());
		assertThat(span.getEvents()).isEmpty();
	}

	@Test
	void serverErrorWithoutAnExceptionUsesTheStatusAsErrorType() throws Exception {
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> ((HttpServletResponse) res).setStatus(502));
		assertThat(onlySpan().getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("502");
	}

	@Test
	void clientErrorIsNoError() throws Exception {
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> ((HttpServletResponse) res).setStatus(400));
		SpanData span = onlySpan();
		assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNull();
		assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
		assertThat(this.registry.get(HttpServerMetrics.DURATION).tag("error.type", "none").timer().count()).isEqualTo(1);
	}

	@Test
	void asyncRequestStaysActiveUntilTheContainerCompletesIt() throws Exception {
		this.request.setAsyncSupported(true);
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> {
			req.setAttribute(PATTERN, "/items/{id}");
			req.startAsync();
		});
		assertThat(this.spans.getFinishedSpanItems()).isEmpty();
		assertThat(activeRequests()).isEqualTo(1);
		MockAsyncContext async = (MockAsyncContext) this.request.getAsyncContext();
		async.complete();
		telemetry.onComplete(null);
		assertThat(onlySpan().getName()).isEqualTo("GET /items/{id}");
		assertThat(activeRequests()).isZero();
		assertThat(this.registry.get(HttpServerMetrics.DURATION).timer().count()).isEqualTo(1);
	}

	@Test
	void asyncErrorIsRecordedWhenTheRequestCompletes() throws Exception {
		this.request.setAsyncSupported(true);
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> req.startAsync());
		telemetry.onError(new AsyncEvent(this.request.getAsyncContext(), new IOException("reset")));
		telemetry.onComplete(null);
		SpanData span = onlySpan();
		assertThat(span.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo(IOException.class.getName());
		assertThat(span.getAttributes().get(HttpAttributes.HTTP_RESPONSE_STATUS_CODE)).isEqualTo(500L);
	}

	@Test
	void idsAreInTheMdcOnlyWhileTheRequestRuns() throws Exception {
		ServerRequestTelemetry telemetry = start();
		Map<String, String> during = new HashMap<>();
		telemetry.dispatchAndFinish(this.request, (req, res) -> during.putAll(MDC.getCopyOfContextMap()));
		SpanData span = onlySpan();
		assertThat(during).containsEntry("session_id", "session-1")
			.containsEntry("trace_id", span.getTraceId())
			.containsEntry("span_id", span.getSpanId());
		assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
	}

	@Test
	void nonStandardMethodIsOther() throws Exception {
		this.request.setMethod("PURGE");
		ServerRequestTelemetry telemetry = start();
		telemetry.dispatchAndFinish(this.request, (req, res) -> {
		});
		assertThat(onlySpan().getName()).isEqualTo("_OTHER");
		assertThat(this.registry.get(HttpServerMetrics.DURATION).tag("http.request.method", "_OTHER").timer().count())
			.isEqualTo(1);
	}

	private ServerRequestTelemetry start() {
		Span span = this.tracerProvider.get("test").spanBuilder("GET").setSpanKind(SpanKind.SERVER).startSpan();
		return new ServerRequestTelemetry(Context.root().with(span), "x-session-id", "session-1", this.request,
				this.response, this.metrics, false);
	}

	private SpanData onlySpan() {
		assertThat(this.spans.getFinishedSpanItems()).hasSize(1);
		return this.spans.getFinishedSpanItems().get(0);
	}

	private double activeRequests() {
		return this.registry.get(HttpServerMetrics.ACTIVE).gauge().value();
	}

}
