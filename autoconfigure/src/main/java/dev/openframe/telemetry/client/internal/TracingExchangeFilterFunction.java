package dev.openframe.telemetry.client.internal;


import java.net.URI;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@code WebClient} filter that makes a CLIENT span per exchange and sends the trace, the baggage
 * and (to the hosts {@link SessionPropagationHosts} allows) the session id along, like
 * {@link TracingClientHttpRequestInterceptor} does for {@code RestClient}. The parent is the context
 * current when the exchange is subscribed, which
 * for a call made while handling a request is that request's server span.
 */
public final class TracingExchangeFilterFunction implements ExchangeFilterFunction {

	private final OutgoingCalls calls;

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
		this.calls = new OutgoingCalls(openTelemetry, sessionHeader, sessionHosts);
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.defer(() -> {
			URI uri = request.url();
			Context parent = Context.current();
			Span span = this.calls.start(parent, request.method().name(), uri);
			ClientRequest.Builder traced = ClientRequest.from(request);
			// The headers set here replace any a client observation wrote before, such as a
			// 'baggage' header with the session id for a host that must not get it.
			this.calls.propagate(parent.with(span), uri, traced,
					(builder, key, value) -> builder.headers((headers) -> headers.set(key, value)),
					request.headers().containsHeader(this.calls.sessionHeader()));
			return next.exchange(traced.build())
				.doOnNext((response) -> OutgoingCalls.answered(span, response.statusCode().value()))
				.doOnError((ex) -> OutgoingCalls.failed(span, ex))
				.doFinally((signal) -> span.end());
		});
	}

}
