package dev.openframe.telemetry.client.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.openframe.telemetry.web.internal.HttpTelemetryKeys;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * The hosts an outgoing call may carry the session id to (as the session header and the
 * {@code session.id} baggage entry); trace context goes to every host regardless. A pattern is
 * a host name or IP address (exact, case-insensitive; IPv6 with or without brackets),
 * {@code *.suffix} (any host ending in {@code .suffix}), {@code *} (every host), or one of the
 * keywords {@value #LOOPBACK} (127.0.0.0/8, ::1), {@value #PRIVATE_ADDRESSES} (10/8, 172.16/12,
 * 192.168/16, fc00::/7) and {@value #SINGLE_LABEL} (a host name without a dot). Host names are
 * never resolved: IP addresses are recognised only when the URL holds one literally. Each host
 * is decided once and remembered.
 */
public final class SessionPropagationHosts {

	/** Keyword for loopback addresses: 127.0.0.0/8 and ::1. */
	public static final String LOOPBACK = "loopback";

	/** Keyword for private addresses: RFC 1918 (10/8, 172.16/12, 192.168/16) and RFC 4193 (fc00::/7). */
	public static final String PRIVATE_ADDRESSES = "private-addresses";

	/** Keyword for host names without a dot, such as a Kubernetes service in the same namespace. */
	public static final String SINGLE_LABEL = "single-label";

	/** Pattern matching every host. */
	public static final String ANY = "*";

	/** Internal destinations only. */
	public static final List<String> DEFAULTS = List.of("localhost", LOOPBACK, PRIVATE_ADDRESSES, SINGLE_LABEL,
			"*.svc", "*.svc.cluster.local", "*.internal", "*.local");

	/** Hosts remembered at most; past it, hosts are decided on every call (still cheap, no I/O). */
	private static final int MAX_REMEMBERED = 1024;

	private static final String SESSION_ID = HttpTelemetryKeys.SESSION_ID.key();

	private final Set<String> exactHosts = new HashSet<>();

	private final List<String> suffixes = new ArrayList<>();

	private final boolean any;

	private final boolean loopback;

	private final boolean privateAddresses;

	private final boolean singleLabel;

	private final boolean none;

	private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

	private SessionPropagationHosts(List<String> patterns) {
		boolean anyHost = false;
		boolean loopbackAddresses = false;
		boolean privateRanges = false;
		boolean withoutDot = false;
		for (String pattern : patterns) {
			if (!isValidPattern(pattern)) {
				throw new IllegalArgumentException("Invalid host pattern '" + pattern + "'");
			}
			String normalized = pattern.toLowerCase(Locale.ROOT);
			switch (normalized) {
				case ANY -> anyHost = true;
				case LOOPBACK -> loopbackAddresses = true;
				case PRIVATE_ADDRESSES -> privateRanges = true;
				case SINGLE_LABEL -> withoutDot = true;
				default -> {
					if (normalized.startsWith("*.")) {
						this.suffixes.add(normalized.substring(1));
					}
					else {
						this.exactHosts.add(withoutBrackets(normalized));
					}
				}
			}
		}
		this.any = anyHost;
		this.loopback = loopbackAddresses;
		this.privateAddresses = privateRanges;
		this.singleLabel = withoutDot;
		this.none = patterns.isEmpty();
	}

	/**
	 * Creates the matcher of some patterns.
	 * @param patterns host patterns as described on this class; empty allows no host
	 * @return the matcher
	 * @throws IllegalArgumentException if a pattern is not valid
	 */
	public static SessionPropagationHosts of(List<String> patterns) {
		return new SessionPropagationHosts(patterns);
	}

	/**
	 * The matcher of {@link #DEFAULTS}.
	 * @return a matcher allowing internal destinations only
	 */
	public static SessionPropagationHosts defaults() {
		return new SessionPropagationHosts(DEFAULTS);
	}

	/**
	 * Whether a string is a pattern this class accepts.
	 * @param pattern the candidate
	 * @return {@code true} for a host name, IP address, {@code *.suffix}, {@code *} or keyword
	 */
	public static boolean isValidPattern(@Nullable String pattern) {
		if (pattern == null || pattern.isEmpty()) {
			return false;
		}
		String normalized = pattern.toLowerCase(Locale.ROOT);
		if (normalized.equals(ANY) || normalized.equals(LOOPBACK) || normalized.equals(PRIVATE_ADDRESSES)
				|| normalized.equals(SINGLE_LABEL)) {
			return true;
		}
		if (normalized.startsWith("*.")) {
			return isHostName(normalized.substring(2));
		}
		return isHostName(normalized) || ipAddress(withoutBrackets(normalized)) != null;
	}

	/**
	 * Whether the session id may go to the host of a URL.
	 * @param uri the URL of the outgoing call
	 * @return {@code true} if the host matches a pattern
	 */
	public boolean allows(URI uri) {
		if (this.any || this.none) {
			return this.any;
		}
		String host = uri.getHost();
		if (host == null) {
			// java.net.URI leaves the host unset for names it rejects, such as "my_service".
			host = hostOfAuthority(uri.getRawAuthority());
		}
		return (host != null) && allows(host);
	}

	/**
	 * Whether the session id may go to a host.
	 * @param host host name or IP address (IPv6 with or without brackets)
	 * @return {@code true} if the host matches a pattern
	 */
	public boolean allows(String host) {
		if (this.any || this.none) {
			return this.any;
		}
		Boolean decision = this.decisions.get(host);
		if (decision == null) {
			decision = decide(host);
			if (this.decisions.size() < MAX_REMEMBERED) {
				this.decisions.put(host, decision);
			}
		}
		return decision;
	}

	/**
	 * The context to propagate to a host that may not get the session id: the same, without the
	 * {@code session.id} baggage entry (other entries still go).
	 * @param context the call's context
	 * @return the context without the session id in its baggage
	 */
	public static Context withoutSessionId(Context context) {
		Baggage baggage = Baggage.fromContext(context);
		if (baggage.getEntryValue(SESSION_ID) == null) {
			return context;
		}
		return context.with(baggage.toBuilder().remove(SESSION_ID).build());
	}

	private boolean decide(String host) {
		String normalized = host.toLowerCase(Locale.ROOT);
		if (normalized.endsWith(".")) {
			// A fully qualified name ("example.com.") is the same host.
			normalized = normalized.substring(0, normalized.length() - 1);
		}
		normalized = withoutBrackets(normalized);
		if (this.exactHosts.contains(normalized)) {
			return true;
		}
		byte[] address = ipAddress(normalized);
		if (address != null) {
			return (this.loopback && isLoopback(address)) || (this.privateAddresses && isPrivate(address));
		}
		if (this.singleLabel && normalized.indexOf('.') < 0 && !normalized.isEmpty()) {
			return true;
		}
		for (String suffix : this.suffixes) {
			if (normalized.endsWith(suffix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isLoopback(byte[] address) {
		if (address.length == 4) {
			return address[0] == 127;
		}
		for (int i = 0; i < 15; i++) {
			if (address[i] != 0) {
				return false;
			}
		}
		return address[15] == 1;
	}

	private static boolean isPrivate(byte[] address) {
		if (address.length == 4) {
			int first = address[0] & 0xff;
			int second = address[1] & 0xff;
			return first == 10 || (first == 172 && (second & 0xf0) == 16) || (first == 192 && second == 168);
		}
		return (address[0] & 0xfe) == 0xfc;
	}

	/**
	 * Parses an IP address literal without any lookup.
	 * @param text the candidate, IPv6 without brackets
	 * @return 4 or 16 bytes (4 for an IPv4-mapped IPv6 address), or {@code null} if not an IP literal
	 */
	static byte @Nullable [] ipAddress(String text) {
		if (text.indexOf(':') < 0) {
			return ipv4(text);
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return null;
			}
		}
		try {
			// Never a lookup: a string of hex digits, dots and colons holding a colon is taken as an
			// IPv6 literal by the JDK, which parses it or throws; no name service is asked.
			return InetAddress.getByName(text).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static byte @Nullable [] ipv4(String text) {
		byte[] address = new byte[4];
		int part = 0;
		int value = 0;
		int digits = 0;
		for (int i = 0; i <= text.length(); i++) {
			char c = (i < text.length()) ? text.charAt(i) : '.';
			if (c == '.') {
				if (digits == 0 || part == 4) {
					return null;
				}
				address[part++] = (byte) value;
				value = 0;
				digits = 0;
			}
			else if (c >= '0' && c <= '9' && digits < 3) {
				value = value * 10 + (c - '0');
				digits++;
				if (value > 255) {
					return null;
				}
			}
			else {
				return null;
			}
		}
		return (part == 4) ? address : null;
	}

	private static boolean isHostName(String text) {
		if (text.isEmpty() || text.length() > 253 || text.startsWith(".") || text.endsWith(".")
				|| text.contains("..")) {
			return false;
		}
		boolean lastLabelNumeric = true;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean letter = (c >= 'a' && c <= 'z') || c == '-' || c == '_';
			boolean digit = c >= '0' && c <= '9';
			if (!letter && !digit && c != '.') {
				return false;
			}
			lastLabelNumeric = (c == '.') || (lastLabelNumeric && digit);
		}
		// "10.1.2.300" is a broken IP address, not a name (RFC 1123: the last label is not numeric).
		return !lastLabelNumeric;
	}

	private static String withoutBrackets(String host) {
		return (host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']')
				? host.substring(1, host.length() - 1) : host;
	}

	private static @Nullable String hostOfAuthority(@Nullable String authority) {
		if (authority == null) {
			return null;
		}
		String host = authority.substring(authority.lastIndexOf('@') + 1);
		int colon = host.lastIndexOf(':');
		if (colon >= 0 && host.indexOf(']') < colon) {
			host = host.substring(0, colon);
		}
		return host.isEmpty() ? null : host;
	}

}
