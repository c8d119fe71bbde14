package dev.openframe.telemetry.web.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span attribute keys the stable OpenTelemetry semantic conventions do not have yet (both are in
 * the incubating set, which is not a dependency); every other key comes from
 * {@code opentelemetry-semconv}.
 */
public final class ServerSpanKeys {

	/** Response body size in bytes, as sent. */
	public static final AttributeKey<Long> HTTP_RESPONSE_BODY_SIZE = AttributeKey.longKey("http.response.body.size");

	/** The caller's session id. */
	public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");

	private ServerSpanKeys() {
	}

}
