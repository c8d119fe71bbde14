package dev.openframe.telemetry.web.internal;

/**
 * Names of the metric tags, log keys and MDC entries the HTTP telemetry writes (span attributes
 * use the semantic-convention keys, see {@link ServerSpanKeys}). Low cardinality keys are metric
 * tags; high cardinality ones only go on log events.
 */
public enum HttpTelemetryKeys {

	/** Request method, {@code _OTHER} when not a standard one. Low cardinality. */
	HTTP_REQUEST_METHOD("http.request.method"),

	/** Matched route template with the context path, {@code UNMATCHED} when none. Low cardinality. */
	HTTP_ROUTE("http.route"),

	/** Response status code. Low cardinality. */
	HTTP_RESPONSE_STATUS_CODE("http.response.status_code"),

	/** {@code http} or {@code https}. Low cardinality. */
	URL_SCHEME("url.scheme"),

	/**
	 * Exception's fully qualified class name (as OpenTelemetry's conventions ask; the simple name
	 * of an anonymous class is empty) or 5xx status code, {@code none} without error. Low
	 * cardinality.
	 */
	ERROR_TYPE("error.type"),

	/** Request path without query string. High cardinality: spans and logs only. */
	URL_PATH("url.path"),

	/** Response body bytes. High cardinality: spans and logs only. */
	HTTP_RESPONSE_BODY_SIZE("http.response.body.size"),

	/** Request duration in milliseconds. Log events only. */
	DURATION_MS("duration_ms"),

	/** Session id, as span attribute and baggage entry. High cardinality: never a tag. */
	SESSION_ID("session.id"),

	/** Session id in the MDC. */
	MDC_SESSION_ID("session_id"),

	/** Trace id in the MDC. */
	MDC_TRACE_ID("trace_id"),

	/** Span id in the MDC. */
	MDC_SPAN_ID("span_id");

	private final String key;

	HttpTelemetryKeys(String key) {
		this.key = key;
	}

	/**
	 * The key as written.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

}
