package dev.openframe.telemetry.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;

import dev.openframe.telemetry.web.internal.HttpMethods;
import dev.openframe.telemetry.web.internal.HttpServerMetrics;
import dev.openframe.telemetry.web.internal.HttpTelemetryKeys;
import dev.openframe.telemetry.web.internal.PathExclusions;
import dev.openframe.telemetry.web.internal.ServerRequestTelemetry;
import dev.openframe.telemetry.web.internal.ServerSpanKeys;
import dev.openframe.telemetry.web.internal.SessionIds;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ClientAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.opentelemetry.semconv.UserAgentAttributes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The servlet filter behind HTTP telemetry: reads or makes the session id and echoes it, starts
 * a SERVER span that continues the caller's W3C trace, counts the request as active and its
 * response bytes as they are written, and when the response completes (on async completion for
 * async requests) names the span after the matched route, records the metrics and writes one
 * log event. Runs for REQUEST and ASYNC dispatches; on ERROR dispatches it only puts the session
 * header back, so nothing is counted twice.
 */
public class TelemetryFilter extends OncePerRequestFilter {

	/** Request attribute holding the {@link ServerRequestTelemetry} of a request in progress. */
	static final String STATE_ATTRIBUTE = TelemetryFilter.class.getName() + ".STATE";

	/** Request attribute holding the request's session id. */
	public static final String SESSION_ID_ATTRIBUTE = TelemetryFilter.class.getName() + ".SESSION_ID";

	private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {

		@Override
		public Iterable<String> keys(HttpServletRequest request) {
			return Collections.list(request.getHeaderNames());
		}

		/**
		 * All values of a repeated header, joined with commas as HTTP combines field lines: a
		 * repeated {@code traceparent} is then invalid (a new trace, as W3C Trace Context asks)
		 * rather than the first value silently winning, and repeated {@code tracestate} lists
		 * are read whole.
		 */
		@Override
		public @Nullable String get(@Nullable HttpServletRequest request, String key) {
			if (request == null) {
				return null;
			}
			Enumeration<String> values = request.getHeaders(key);
			if (values == null || !values.hasMoreElements()) {
				return null;
			}
			String first = values.nextElement();
			if (!values.hasMoreElements()) {
				return first;
			}
			StringBuilder combined = new StringBuilder(first);
			while (values.hasMoreElements()) {
				combined.append(',').append(values.nextElement());
			}
			return combined.toString();
		}

		/** Every {@code baggage} header counts: W3C Baggage allows several. */
		@Override
		public Iterator<String> getAll(@Nullable HttpServletRequest request, String key) {
			return (request != null) ? request.getHeaders(key).asIterator() : Collections.emptyIterator();
		}

	};






	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final @Nullable HttpServerMetrics metrics;

	private final String sessionHeader;

	private final PathExclusions exclusions;

	private final boolean logEnabled;

	/**
	 * Creates the filter.
	 * @param openTelemetry where spans go and which propagators apply
	 * @param metrics the request meters, or {@code null} for none
	 * @param sessionHeader name of the session id header
	 * @param exclusions paths with no span, metrics or log
	 * @param logEnabled whether to write the per-request log event
	 */
	public TelemetryFilter(OpenTelemetry openTelemetry, @Nullable HttpServerMetrics metrics, String sessionHeader,
			PathExclusions exclusions, boolean logEnabled) {
		this.tracer = openTelemetry.getTracer("dev.openframe.telemetry.http");
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.metrics = metrics;
		this.sessionHeader = sessionHeader;
		this.exclusions = exclusions;
		this.logEnabled = logEnabled;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DispatcherType dispatcherType = request.getDispatcherType();
		if (dispatcherType == DispatcherType.ERROR) {
			restoreSessionHeader(request, response);
			chain.doFilter(request, response);
			return;
		}
		if (dispatcherType == DispatcherType.ASYNC) {
			ServerRequestTelemetry state = (ServerRequestTelemetry) request.getAttribute(STATE_ATTRIBUTE);
			if (state != null) {
				state.dispatch(request, response, chain);
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		String sessionId = SessionIds.resolve(request.getHeaders(this.sessionHeader));
		request.setAttribute(SESSION_ID_ATTRIBUTE, sessionId);
		// Set before anything is written, so early-committed responses carry it too.
		response.setHeader(this.sessionHeader, sessionId);
		String path = pathWithinApplication(request);
		if (this.exclusions.isExcluded(path)) {
			ServerRequestTelemetry.runWithSessionId(sessionId, () -> chain.doFilter(request, response));
			return;
		}
		Context context = startSpan(request, sessionId);
		ServerRequestTelemetry state = new ServerRequestTelemetry(context, this.sessionHeader, sessionId, request, response,
				this.metrics, this.logEnabled);
		request.setAttribute(STATE_ATTRIBUTE, state);
		state.dispatchAndFinish(request, chain);
	}

	@Override
	protected void doFilterNestedErrorDispatch(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain) throws ServletException, IOException {
		restoreSessionHeader(request, response);
		chain.doFilter(request, response);
	}

	private Context startSpan(HttpServletRequest request, String sessionId) {
		Context parent = this.propagator.extract(Context.root(), request, HEADERS);
		Baggage baggage = Baggage.fromContext(parent)
			.toBuilder()
			.put(HttpTelemetryKeys.SESSION_ID.key(), sessionId)
			.build();
		String method = HttpMethods.normalize(request.getMethod());
		SpanBuilder builder = this.tracer.spanBuilder(method)
			.setParent(parent)
			.setSpanKind(SpanKind.SERVER)
			.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, method)
			.setAttribute(UrlAttributes.URL_PATH, request.getRequestURI())
			.setAttribute(UrlAttributes.URL_SCHEME, HttpMethods.scheme(request.getScheme()))
			.setAttribute(ServerAttributes.SERVER_ADDRESS, request.getServerName())
			.setAttribute(ServerAttributes.SERVER_PORT, (long) request.getServerPort())
			.setAttribute(ClientAttributes.CLIENT_ADDRESS, request.getRemoteAddr())
			.setAttribute(NetworkAttributes.NETWORK_PROTOCOL_VERSION, HttpMethods.protocolVersion(request.getProtocol()))
			.setAttribute(ServerSpanKeys.SESSION_ID, sessionId);
		String userAgent = request.getHeader("User-Agent");
		if (userAgent != null) {
			builder.setAttribute(UserAgentAttributes.USER_AGENT_ORIGINAL, userAgent);
		}
		Span span = builder.startSpan();
		return parent.with(baggage).with(span);
	}

	private void restoreSessionHeader(HttpServletRequest request, HttpServletResponse response) {
		Object sessionId = request.getAttribute(SESSION_ID_ATTRIBUTE);
		if (sessionId instanceof String value && !response.isCommitted()) {
			response.setHeader(this.sessionHeader, value);
		}
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri;
	}

}
