package dev.openframe.telemetry.client.internal;

import java.net.URI;

import dev.openframe.telemetry.web.internal.HttpMethods;
import dev.openframe.telemetry.web.internal.HttpTelemetryKeys;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * What every outgoing HTTP call gets, whichever client makes it: a CLIENT span named after the
 * method with the URL (without query), host and port; the trace context and baggage in its
 * headers; and the session id (header and {@code session.id} baggage entry) only for the hosts
 * {@link SessionPropagationHosts} allows.
 */
final class OutgoingCalls {

	private final Tracer tracer;

	private final TextMapPropagator propagator;

	private final String sessionHeader;

	private final SessionPropagationHosts sessionHosts;

	OutgoingCalls(OpenTelemetry openTelemetry, String sessionHeader, SessionPropagationHosts sessionHosts) {
		this.tracer = openTelemetry.getTracer("dev.openframe.telemetry.http.client");
		this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
		this.sessionHeader = sessionHeader;
		this.sessionHosts = sessionHosts;
	}

	/**
	 * Starts the span of a call.
	 * @param parent the caller's context
	 * @param method the request method
	 * @param uri the request URI
	 * @return the started span
	 */
	Span start(Context parent, String method, URI uri) {
		String normalized = HttpMethods.normalize(method);
		return this.tracer.spanBuilder(normalized)
			.setParent(parent)
			.setSpanKind(SpanKind.CLIENT)
			.setAttribute(HttpAttributes.HTTP_REQUEST_METHOD, normalized)
			.setAttribute(UrlAttributes.URL_FULL, withoutQuery(uri))
			.setAttribute(ServerAttributes.SERVER_ADDRESS, String.valueOf(uri.getHost()))
			.setAttribute(ServerAttributes.SERVER_PORT, port(uri))
			.startSpan();
	}

	/**
	 * Writes the trace context, the baggage and, where allowed, the session id into a request.
	 * @param <C> the request type
	 * @param context the context with the call's span
	 * @param uri where the request goes
	 * @param request the request's headers or builder
	 * @param setter how a header is set on it
	 * @param hasSessionHeader whether the application already set the session header
	 */
	<C> void propagate(Context context, URI uri, C request, TextMapSetter<C> setter, boolean hasSessionHeader) {
		boolean sessionAllowed = this.sessionHosts.allows(uri);
		this.propagator.inject(sessionAllowed ? context : SessionPropagationHosts.withoutSessionId(context), request,
				setter);
		String sessionId = sessionAllowed ? sessionId(context) : null;
		if (sessionId != null && !hasSessionHeader) {
			setter.set(request, this.sessionHeader, sessionId);
		}
	}

	String sessionHeader() {
		return this.sessionHeader;
	}

	/** Records the answer's status on the span; 4xx and 5xx are errors of the call. */
	static void answered(Span span, int status) {
		span.setAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, (long) status);
		if (status >= 400) {
			span.setAttribute(ErrorAttributes.ERROR_TYPE, Integer.toString(status));
			span.setStatus(StatusCode.ERROR);
		}
	}

	/** Records a call that got no answer. */
	static void failed(Span span, Throwable failure) {
		span.setAttribute(ErrorAttributes.ERROR_TYPE, failure.getClass().getName());
		span.setStatus(StatusCode.ERROR);
		span.recordException(failure);
	}

	private static @Nullable String sessionId(Context context) {
		String fromMdc = MDC.get(HttpTelemetryKeys.MDC_SESSION_ID.key());
		return (fromMdc != null) ? fromMdc
				: Baggage.fromContext(context).getEntryValue(HttpTelemetryKeys.SESSION_ID.key());
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
