package dev.openframe.telemetry.client.internal;


import java.io.IOException;
import java.net.URI;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

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

	private final OutgoingCalls calls;

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
		this.calls = new OutgoingCalls(openTelemetry, sessionHeader, sessionHosts);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		URI uri = request.getURI();
		Span span = this.calls.start(Context.current(), request.getMethod().name(), uri);
		Context context = Context.current().with(span);
		HttpHeaders headers = request.getHeaders();
		this.calls.propagate(context, uri, headers, HttpHeaders::set, headers.containsHeader(this.calls.sessionHeader()));
		try (Scope scope = context.makeCurrent()) {
			ClientHttpResponse response = execution.execute(request, body);
			OutgoingCalls.answered(span, response.getStatusCode().value());
			return response;
		}
		catch (IOException | RuntimeException ex) {
			OutgoingCalls.failed(span, ex);
			throw ex;
		}
		finally {
			span.end();
		}
	}

}
