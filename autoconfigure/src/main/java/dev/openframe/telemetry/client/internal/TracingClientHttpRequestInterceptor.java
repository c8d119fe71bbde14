package dev.openframe.telemetry.client.internal;

import dev.openframe.telemetry.web.internal.HttpMethods;
import dev.openframe.telemetry.web.internal.HttpTelemetryKeys;

import java.io.IOException;
import java.net.URI;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.slf4j.MDC;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Interceptor for {@code RestClient} and {@code RestTemplate} that makes a CLIENT span per
 * outgoing call and sends the trace ({@code traceparent}, {@code tracestate}) and the baggage
 * along, so the next service continues the same trace; the session id (header and
 * {@code session.id} baggage entry) goes only to the hosts {@link SessionPropagationHosts} allows.
 */
public final class TracingClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final String sessionHeader;

	private final SessionPropagationHosts sessionHosts;

	/**
	 * Creates the interceptor sending the session id to {@link SessionPropagationHosts#DEFAULTS}.
	 * @param openTelemetry where spans go and which propagators apply
	 * @param sessionHeader name of the session id header
	 */
	public TracingClientHttpRequestInterceptor(OpenTelemetry openTelemetry, String sessionHeader) {
		this(openTelemetry, sessionHeader, SessionPropagationHosts.defaults());
	}

	/**
	 * Creates the interceptor.
	 * @param openTelemetry where spans go and which propagators apply
	 * @param sessionHeader name of the session id header
	 * @param sessionHosts hosts that may get the session id
	 */
	public TracingClientHttpRequestInterceptor(OpenTelemetry openTelemetry, String sessionHeader,
			SessionPropagationHosts sessionHosts) {
		this.tracer = openTelemetry.getTracer("dev.openframe.telemetry.http.client");
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.sessionHeader = sessionHeader;
		this.sessionHosts = sessionHosts;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String method = HttpMethods.normalize(request.getMethod().name());
		URI uri = request.getURI();
		Span span = this.tracer.spanBuilder(method)
			.setSpanKind(SpanKind.CLIENT)
			.setAttribute(HttpTelemetryKeys.HTTP_REQUEST_METHOD.key(), method)
			.setAttribute("url.full", withoutQuery(uri))
			.setAttribute("server.address", String.valueOf(uri.getHost()))
			.setAttribute("server.port", port(uri))
			.startSpan();
		Context context = Context.current().with(span);
		HttpHeaders headers = request.getHeaders();
		boolean sessionAllowed = this.sessionHosts.allows(uri);
		this.propagator.inject(sessionAllowed ? context : SessionPropagationHosts.withoutSessionId(context), headers,
				HttpHeaders::set);
		String sessionId = sessionAllowed ? sessionId() : null;
		if (sessionId != null && !headers.containsHeader(this.sessionHeader)) {
			headers.set(this.sessionHeader, sessionId);
		}
		try (Scope scope = context.makeCurrent()) {
			ClientHttpResponse response = execution.execute(request, body);
			int status = response.getStatusCode().value();
			span.setAttribute(HttpTelemetryKeys.HTTP_RESPONSE_STATUS_CODE.key(), status);
			if (status >= 400) {
				span.setAttribute(HttpTelemetryKeys.ERROR_TYPE.key(), Integer.toString(status));
				span.setStatus(StatusCode.ERROR);
			}
			return response;
		}
		catch (IOException | RuntimeException ex) {
			span.setAttribute(HttpTelemetryKeys.ERROR_TYPE.key(), ex.getClass().getName());
			span.setStatus(StatusCode.ERROR);
			span.recordException(ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

	private static String sessionId() {
		String fromMdc = MDC.get(HttpTelemetryKeys.MDC_SESSION_ID.key());
		return (fromMdc != null) ? fromMdc : Baggage.current().getEntryValue(HttpTelemetryKeys.SESSION_ID.key());
	}

	private static String withoutQuery(URI uri) {
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "") + path;
	}

	private static long port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

}
