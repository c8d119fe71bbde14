package dev.openframe.telemetry.repository.internal;

import java.io.IOException;
import java.net.URI;
import java.util.List;

import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorKind;
import dev.openframe.telemetry.web.TelemetryFilter;
import dev.openframe.telemetry.web.internal.SessionIds;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Answers {@link AdapterError}s with the HTTP status of their kind. API clients get an RFC 9457
 * problem: the status, title, detail and {@code type} of the error's kind, the session and trace
 * ids as {@code sessionId} and {@code traceId}, and nothing of the cause (no SQL, table or driver
 * message). A browser's page request (HTML preferred) goes to the servlet container's error
 * dispatch with that status instead, so the application's own error page (or Spring Boot's
 * whitelabel page) answers, as Spring's {@code ResponseStatusExceptionResolver} does. Server-side
 * failures are logged with their cause. Ordered last, so that any handler of the application for
 * these exceptions wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class AdapterErrorProblemHandler {

	private static final Logger logger = LoggerFactory.getLogger("dev.openframe.telemetry.repository");

	private final String sessionHeader;

	private final ContentNegotiationManager contentNegotiation;

	/**
	 * Creates the handler, reading the request's {@code Accept} header for what the client
	 * prefers.
	 * @param sessionHeader header that may carry the session id when no filter recorded one
	 */
	public AdapterErrorProblemHandler(String sessionHeader) {
		this(sessionHeader, new ContentNegotiationManager());
	}

	/**
	 * Creates the handler.
	 * @param sessionHeader header that may carry the session id when no filter recorded one
	 * @param contentNegotiation tells the media types the client accepts, best first (Spring
	 * MVC's own, so that its configuration applies)
	 */
	public AdapterErrorProblemHandler(String sessionHeader, ContentNegotiationManager contentNegotiation) {
		this.sessionHeader = sessionHeader;
		this.contentNegotiation = contentNegotiation;
	}

	@ExceptionHandler(AdapterError.class)
	@Nullable ResponseEntity<ProblemDetail> handle(AdapterError error, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		AdapterErrorKind kind = error.kind();
		if (kind.status() >= 500) {
			logger.warn("{} ({} {})", error.getMessage(), request.getMethod(), request.getRequestURI(), error);
		}
		if (prefersHtml(request)) {
			// The error dispatch renders the application's error page for this status; a null
			// entity tells Spring MVC that the response is taken care of.
			response.sendError(kind.status());
			return null;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(kind.status()), kind.detail());
		problem.setType(URI.create(kind.type()));
		problem.setTitle(kind.title());
		URI instance = instance(request);
		if (instance != null) {
			problem.setInstance(instance);
		}
		String sessionId = sessionId(request);
		if (sessionId != null) {
			problem.setProperty("sessionId", sessionId);
		}
		SpanContext span = Span.current().getSpanContext();
		if (span.isValid()) {
			problem.setProperty("traceId", span.getTraceId());
		}
		return ResponseEntity.status(kind.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * Whether the most preferred concrete media type the client accepts is HTML, as in a
	 * browser's page request; wildcards such as {@code *}{@code /*} say nothing either way.
	 */
	private boolean prefersHtml(HttpServletRequest request) {
		List<MediaType> accepted;
		try {
			accepted = this.contentNegotiation.resolveMediaTypes(new ServletWebRequest(request));
		}
		catch (HttpMediaTypeNotAcceptableException ex) {
			return false;
		}
		for (MediaType type : accepted) {
			if (!type.isWildcardType() && !type.isWildcardSubtype()) {
				return MediaType.TEXT_HTML.equalsTypeAndSubtype(type)
						|| MediaType.APPLICATION_XHTML_XML.equalsTypeAndSubtype(type);
			}
		}
		return false;
	}

	private @Nullable String sessionId(HttpServletRequest request) {
		Object fromFilter = request.getAttribute(TelemetryFilter.SESSION_ID_ATTRIBUTE);
		if (fromFilter instanceof String value) {
			return value;
		}
		String fromMdc = MDC.get("session_id");
		if (fromMdc != null) {
			return fromMdc;
		}
		String fromHeader = request.getHeader(this.sessionHeader);
		return SessionIds.isValid(fromHeader) ? fromHeader : null;
	}

	private static @Nullable URI instance(HttpServletRequest request) {
		try {
			return URI.create(request.getRequestURI());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
