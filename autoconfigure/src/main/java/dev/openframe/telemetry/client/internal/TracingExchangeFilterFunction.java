package dev.openframe.telemetry.client.internal;

import dev.openframe.telemetry.web.internal.HttpMethods;
import dev.openframe.telemetry.web.internal.HttpTelemetryKeys;

import java.net.URI;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@code WebClient} filter that makes a CLIENT span per exchange and sends the trace, the baggage
 * and (to the hosts {@link SessionPropagationHosts} allows) the session id along, like
 * {@link TracingClientHttpRequestInterceptor} does for {@code RestClient}. The parent is the context current when the exchange is subscribed, which
 * for a call made while handling a request is that request's server span.
 */
public final class TracingExchangeFilterFunction implements ExchangeFilterFunction {

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final String sessionHeader;

	private final SessionPropagationHosts sessionHosts;

	/**
	 * Creates the filter sending the session id to {@link SessionPropagationHosts#DEFAULTS}.
	 * @param openTelemetry where spans go and which propagators apply
	 * @param sessionHeader name of the session id header
	 */
	public TracingExchangeFilterFunction(OpenTelemetry openTelemetry, String sessionHeader) {
		this(openTelemetry, sessionHeader, SessionPropagationHosts.defaults());
	}

	/**
	 * Creates the filter.
	 * @param openTelemetry where spans go and which propagators apply
	 * @param sessionHeader name of the session id header
	 * @param sessionHosts hosts that may get the session id
	 */
	public TracingExchangeFilterFunction(OpenTelemetry openTelemetry, String sessionHeader,
			SessionPropagationHosts sessionHosts) {
		this.tracer = openTelemetry.getTracer("dev.openframe.telemetry.http.client");
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.sessionHeader = sessionHeader;
		this.sessionHosts = sessionHosts;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			String method = HttpMethods.normalize(request.method().name());
			URI uri = request.url();
			Context parent = Context.current();
			Span span = this.tracer.spanBuilder(method)
				.setParent(parent)
				.setSpanKind(SpanKind.CLIENT)
				.setAttribute(HttpTelemetryKeys.HTTP_REQUEST_METHOD.key(), method)
				.setAttribute("url.full", uri.getScheme() + "://" + uri.getHost()
						+ ((uri.getPort() != -1) ? ":" + uri.getPort() : "") + ((uri.getRawPath() != null) ? uri.getRawPath() : ""))
				.setAttribute("server.address", String.valueOf(uri.getHost()))
				.startSpan();
			ClientRequest.Builder traced = ClientRequest.from(request);
			boolean sessionAllowed = this.sessionHosts.allows(uri);
			Context propagated = parent.with(span);
			this.propagator.inject(sessionAllowed ? propagated : SessionPropagationHosts.withoutSessionId(propagated),
					traced, (builder, key, value) -> builder.header(key, value));
			String sessionId = sessionAllowed ? sessionId(parent) : null;
			if (sessionId != null && !request.headers().containsHeader(this.sessionHeader)) {
				traced.header(this.sessionHeader, sessionId);
			}
			return next.exchange(traced.build()).doOnNext((response) -> {
				int status = response.statusCode().value();
				span.setAttribute(HttpTelemetryKeys.HTTP_RESPONSE_STATUS_CODE.key(), status);
				if (status >= 400) {
					span.setAttribute(HttpTelemetryKeys.ERROR_TYPE.key(), Integer.toString(status));
					span.setStatus(StatusCode.ERROR);
				}
			}).doOnError((ex) -> {
				span.setAttribute(HttpTelemetryKeys.ERROR_TYPE.key(), ex.getClass().getName());
				span.setStatus(StatusCode.ERROR);
				span.recordException(ex);
			}).doFinally((signal) -> span.end());
		});
	}

	private static String sessionId(Context context) {
		String fromMdc = MDC.get(HttpTelemetryKeys.MDC_SESSION_ID.key());
		return (fromMdc != null) ? fromMdc : Baggage.fromContext(context).getEntryValue(HttpTelemetryKeys.SESSION_ID.key());
	}

}
