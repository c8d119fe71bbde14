package dev.openframe.telemetry.autoconfigure.web;

import java.util.ArrayList;
import java.util.List;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import dev.openframe.telemetry.client.internal.SessionPropagationHosts;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of HTTP request telemetry, under {@code openframe.telemetry.http}.
 */
@ConfigurationProperties("openframe.telemetry.http")
public class HttpTelemetryProperties implements InitializingBean {

	/**
	 * Whether incoming requests are traced, measured and logged by the telemetry filter.
	 */
	private boolean enabled = true;

	/**
	 * Header read for the caller's session id and written on every response.
	 */
	private String sessionHeader = "x-session-id";

	/**
	 * Ant-style path patterns (within the application) that get no span, metrics or log; they
	 * still get the session header.
	 */
	private List<String> excludePaths = new ArrayList<>(List.of("/actuator/**"));

	private final Log log = new Log();

	private final Client client = new Client();

	@Override
	public void afterPropertiesSet() {
		if (this.sessionHeader == null || !this.sessionHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
			throw new InvalidTelemetryPropertyException("openframe.telemetry.http.session-header", this.sessionHeader,
					"be an HTTP header name (letters, digits and '-')");
		}
		for (String pattern : this.excludePaths) {
			if (!pattern.startsWith("/")) {
				throw new InvalidTelemetryPropertyException("openframe.telemetry.http.exclude-paths", pattern,
						"hold Ant-style path patterns starting with '/', such as '/actuator/**'");
			}
		}
		for (String pattern : this.client.propagateSessionTo) {
			if (!SessionPropagationHosts.isValidPattern(pattern)) {
				throw new InvalidTelemetryPropertyException("openframe.telemetry.http.client.propagate-session-to",
						pattern, "hold host names, IP addresses, '*.suffix' patterns, '*', 'loopback', "
								+ "'private-addresses' or 'single-label'");
			}
		}
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getSessionHeader() {
		return this.sessionHeader;
	}

	public void setSessionHeader(String sessionHeader) {
		this.sessionHeader = sessionHeader;
	}

	public List<String> getExcludePaths() {
		return this.excludePaths;
	}

	public void setExcludePaths(List<String> excludePaths) {
		this.excludePaths = excludePaths;
	}

	public Log getLog() {
		return this.log;
	}

	public Client getClient() {
		return this.client;
	}

	/** The per-request log event. */
	public static class Log {

		/**
		 * Whether one log event is written per request, on logger 'dev.openframe.telemetry.http'.
		 */
		private boolean enabled = true;

		/**
		 * Whether the per-request log event is also exported as an OTLP log record when logs are
		 * exported. Off by default: the server span already carries every field of it.
		 */
		private boolean export;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isExport() {
			return this.export;
		}

		public void setExport(boolean export) {
			this.export = export;
		}

	}

	/** Outgoing calls made with {@code RestClient}, {@code RestTemplate} and {@code WebClient}. */
	public static class Client {

		/**
		 * Hosts that outgoing calls send the session id to, as the session header and the
		 * 'session.id' baggage entry (trace context goes to every host); Kafka records carry it only
		 * when every bootstrap server of their producer is such a host. Each entry is a host name
		 * or IP address, '*.suffix' for any host ending in '.suffix', '*' for every host, or one of
		 * 'loopback' (127.0.0.0/8, ::1), 'private-addresses' (10/8, 172.16/12, 192.168/16,
		 * fc00::/7) and 'single-label' (a name without a dot). Setting it replaces the whole list;
		 * an empty list sends the session id nowhere.
		 */
		private List<String> propagateSessionTo = new ArrayList<>(SessionPropagationHosts.DEFAULTS);

		public List<String> getPropagateSessionTo() {
			return this.propagateSessionTo;
		}

		public void setPropagateSessionTo(List<String> propagateSessionTo) {
			this.propagateSessionTo = propagateSessionTo;
		}

	}

}
