package dev.openframe.telemetry.web.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Telemetry of one request in progress: its span context, start time, active-request count and
 * byte-counting response. Finished exactly once, at the end of the first dispatch or, for async
 * requests, when the container reports completion, timeout or error.
 */
public final class ServerRequestTelemetry implements AsyncListener {

	/** Route tag and span suffix when no handler mapping matched. */
	static final String UNMATCHED = "UNMATCHED";

	private static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

	private static final String HANDLED_EXCEPTION = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

	private static final String NONE = "none";

	private final Context context;

	private final Span span;

	private final String sessionId;

	private final HttpServletRequest request;

	private final ByteCountingResponse response;

	private final @Nullable HttpServerMetrics metrics;

	private final @Nullable AtomicLong activeCounter;

	private final boolean logEnabled;

	private final String method;

	private final String scheme;

	private final long startNanos = System.nanoTime();

	private final AtomicBoolean finished = new AtomicBoolean();

	private volatile @Nullable Throwable failure;

	public ServerRequestTelemetry(Context context, String sessionHeader, String sessionId, HttpServletRequest request,
			HttpServletResponse response, @Nullable HttpServerMetrics metrics, boolean logEnabled) {
		this.context = context;
		this.span = Span.fromContext(context);
		this.sessionId = sessionId;
		this.request = request;
		this.metrics = metrics;
		this.logEnabled = logEnabled;
		this.method = HttpMethods.normalize(request.getMethod());
		this.scheme = HttpMethods.scheme(request.getScheme());
		this.response = new ByteCountingResponse(response, sessionHeader, sessionId);
		this.activeCounter = (metrics != null) ? metrics.requestStarted(this.method, this.scheme) : null;
	}

	/** Runs one dispatch of the request with the span current and the ids in the MDC. */
	public void dispatch(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try (Scope scope = this.context.makeCurrent()) {
			putMdc();
			doFilter(request, response, chain);
		}
		finally {
			removeMdc();
		}
	}

	/**
	 * Runs the first dispatch of the request and, unless it went async, finishes the request
	 * while the span is still current and the ids are still in the MDC; an async request is
	 * finished by the container's completion event instead.
	 */
	public void dispatchAndFinish(HttpServletRequest request, FilterChain chain) throws IOException, ServletException {
		// Local, not this.finished: an async request may be finished by another thread meanwhile.
		boolean finishedHere = false;
		try (Scope scope = this.context.makeCurrent()) {
			putMdc();
			try {
				doFilter(request, this.response, chain);
			}
			finally {
				if (request.isAsyncStarted()) {
					request.getAsyncContext().addListener(this);
				}
				else if (this.finished.compareAndSet(false, true)) {
					finishedHere = true;
					record();
				}
			}
		}
		finally {
			removeMdc();
			if (finishedHere) {
				end();
			}
		}
	}

	private void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException | Error ex) {
			this.failure = unwrap(ex);
			throw ex;
		}
	}

	/** The application's exception rather than the servlet wrapper DispatcherServlet adds. */
	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	public static void runWithSessionId(String sessionId, ChainCall call) throws IOException, ServletException {
		MDC.put(HttpTelemetryKeys.MDC_SESSION_ID.key(), sessionId);
		try {
			call.run();
		}
		finally {
			MDC.remove(HttpTelemetryKeys.MDC_SESSION_ID.key());
		}
	}

	/** Ends the span and records metrics and the log event; only the first call counts. */
	void finish() {
		if (!this.finished.compareAndSet(false, true)) {
			return;
		}
		try (Scope scope = this.context.makeCurrent()) {
			putMdc();
			record();
		}
		finally {
			removeMdc();
			end();
		}
	}

	/** Names the span and records metrics and the log event; the span is current, the ids in the MDC. */
	private void record() {
		long durationNanos = System.nanoTime() - this.startNanos;
		Throwable thrown = this.failure;
		int status = this.response.getStatus();
		if (thrown != null && status < 500) {
			// The container turns the exception into a 500 after the filter returns.
			status = 500;
		}
		String route = route(status);
		String errorType = errorType(thrown, status);
		long bytes = this.response.bytesWritten();
		this.span.updateName(UNMATCHED.equals(route) ? this.method : this.method + " " + route);
		this.span.setAttribute(HttpAttributes.HTTP_ROUTE, route);
		this.span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
		this.span.setAttribute(ServerSpanKeys.HTTP_RESPONSE_BODY_SIZE, bytes);
		if (!NONE.equals(errorType)) {
			this.span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
			this.span.setStatus(StatusCode.ERROR);
		}
		if (thrown != null) {
			this.span.recordException(thrown);
		}
		if (this.metrics != null) {
			// Recorded while the span is current, so the histogram can keep its trace id as exemplar.
			this.metrics.record(this.method, route, status, this.scheme, errorType, durationNanos, bytes);
		}
		boolean warn = status >= 500 || thrown != null;
		if (this.logEnabled && RequestLog.isEnabled(warn)) {
			RequestLog.log(warn, this.method, route, this.request.getRequestURI(), status, durationNanos / 1_000_000,
					bytes);
		}
	}

	/** Ends the span and the request's active count. */
	private void end() {
		this.span.end();
		if (this.metrics != null && this.activeCounter != null) {
			this.metrics.requestEnded(this.activeCounter);
		}
	}

	private String route(int status) {
		Object pattern = this.request.getAttribute(BEST_MATCHING_PATTERN);
		// Unknown paths fall through to the static resource handler's "/**": not a route.
		if (!(pattern instanceof String text) || (status == 404 && "/**".equals(text))) {
			return UNMATCHED;
		}
		String contextPath = this.request.getContextPath();
		return contextPath.isEmpty() ? text : contextPath + text;
	}

	/** The exception's binary class name, which also names nested and anonymous classes. */
	private String errorType(@Nullable Throwable thrown, int status) {
		if (thrown != null) {
			return thrown.getClass().getName();
		}
		if (status < 500) {
			return NONE;
		}
		Object handled = this.request.getAttribute(HANDLED_EXCEPTION);
		return (handled instanceof Throwable exception) ? exception.getClass().getName()
				: Integer.toString(status);
	}

	private void putMdc() {
		SpanContext spanContext = this.span.getSpanContext();
		MDC.put(HttpTelemetryKeys.MDC_SESSION_ID.key(), this.sessionId);
		MDC.put(HttpTelemetryKeys.MDC_TRACE_ID.key(), spanContext.getTraceId());
		MDC.put(HttpTelemetryKeys.MDC_SPAN_ID.key(), spanContext.getSpanId());
	}

	private static void removeMdc() {
		MDC.remove(HttpTelemetryKeys.MDC_SESSION_ID.key());
		MDC.remove(HttpTelemetryKeys.MDC_TRACE_ID.key());
		MDC.remove(HttpTelemetryKeys.MDC_SPAN_ID.key());
	}

	@Override
	public void onComplete(AsyncEvent event) {
		finish();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		if (this.failure == null) {
			this.failure = event.getThrowable();
		}
	}

	@Override
	public void onError(AsyncEvent event) {
		if (this.failure == null) {
			this.failure = event.getThrowable();
		}
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
		// Async restarted from an async dispatch: keep listening on the new cycle.
		event.getAsyncContext().addListener(this);
	}

	/** A filter-chain call that may throw what the chain throws. */
	@FunctionalInterface
	public interface ChainCall {

		void run() throws IOException, ServletException;

	}

}
