package dev.openframe.telemetry.web.internal;

/**
 * Maps request values to the bounded sets used as tags.
 */
public final class HttpMethods {

	/** Method tag of non-standard methods. */
	static final String OTHER = "_OTHER";

	private HttpMethods() {
	}

	/**
	 * Returns the method itself when standard, {@code _OTHER} otherwise.
	 * @param method the request method
	 * @return a method from a fixed set
	 */
	public static String normalize(String method) {
		return switch (method) {
			case "GET" -> "GET";
			case "POST" -> "POST";
			case "PUT" -> "PUT";
			case "DELETE" -> "DELETE";
			case "PATCH" -> "PATCH";
			case "HEAD" -> "HEAD";
			case "OPTIONS" -> "OPTIONS";
			case "TRACE" -> "TRACE";
			case "CONNECT" -> "CONNECT";
			default -> OTHER;
		};
	}

	public static String scheme(String scheme) {
		return switch (scheme) {
			case "http" -> "http";
			case "https" -> "https";
			default -> OTHER;
		};
	}

	public static String protocolVersion(String protocol) {
		return switch (protocol) {
			case "HTTP/1.1" -> "1.1";
			case "HTTP/2.0" -> "2";
			case "HTTP/1.0" -> "1.0";
			default -> protocol;
		};
	}

}
