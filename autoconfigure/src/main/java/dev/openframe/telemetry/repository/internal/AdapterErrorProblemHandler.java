package dev.openframe.telemetry.repository.internal;

import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorKind;

import java.net.URI;

import dev.openframe.telemetry.web.internal.SessionIds;
import dev.openframe.telemetry.web.TelemetryFilter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.http.HttpServletRequest;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers {@link AdapterError}s with RFC 9457 problem responses: the status, title, detail and
 * {@code type} of the error's kind, the session and trace ids as {@code sessionId} and
 * {@code traceId}, and nothing of the cause (no SQL, table or driver message). Server-side
 * failures are logged with their cause instead. Ordered last, so that any handler of the
 * application for these exceptions wins.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class AdapterErrorProblemHandler {

	private static final Logger logger = LoggerFactory.getLogger("dev.openframe.telemetry.repository");

	private final String sessionHeader;

	/**
	 * Creates the handler.
	 * @param sessionHeader header that may carry the session id when no filter recorded one
	 */
	public AdapterErrorProblemHandler(String sessionHeader) {
		this.sessionHeader = sessionHeader;
	}

	@ExceptionHandler(AdapterError.class)
	ResponseEntity<ProblemDetail> handle(AdapterError error, HttpServletRequest request) {
		AdapterErrorKind kind = error.kind();
		if (kind.status() >= 500) {
			logger.warn("{} ({} {})", error.getMessage(), request.getMethod(), request.getRequestURI(), error);
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
