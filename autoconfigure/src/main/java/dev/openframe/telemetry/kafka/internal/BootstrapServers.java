package dev.openframe.telemetry.kafka.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.ProducerFactory;
import org.springframework.util.StringUtils;

/**
 * Decides whether the records of a producer factory may carry the session id: only when every
 * bootstrap server is a host {@link SessionPropagationHosts} allows, since a record goes to
 * whichever broker of the cluster leads its partition. A factory whose servers cannot be read is
 * not trusted with it.
 */
final class BootstrapServers {

	private BootstrapServers() {
	}

	/**
	 * Whether a producer factory's records may carry the session id.
	 * @param factory the producer factory
	 * @param hosts the hosts the session id may go to
	 * @return whether every bootstrap server is allowed
	 */
	static boolean allowSession(ProducerFactory<?, ?> factory, SessionPropagationHosts hosts) {
		Map<String, Object> configuration;
		try {
			configuration = factory.getConfigurationProperties();
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
		return allAllowed(configuration.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG), hosts);
	}

	/**
	 * Whether every server of a {@code bootstrap.servers} value is an allowed host.
	 * @param servers the value: a comma-separated string or a collection of {@code host:port}
	 * @param hosts the hosts the session id may go to
	 * @return {@code false} for no servers or one whose host cannot be read
	 */
	static boolean allAllowed(@Nullable Object servers, SessionPropagationHosts hosts) {
		Collection<?> entries = (servers instanceof Collection<?> collection) ? collection
				: (servers instanceof String text) ? List.of(StringUtils.commaDelimitedListToStringArray(text))
						: List.of();
		boolean any = false;
		for (Object entry : entries) {
			String server = String.valueOf(entry).trim();
			if (server.isEmpty()) {
				continue;
			}
			// The Kafka client's own parsing of "host:port" ("[::1]:9092" too); no name is resolved.
			String host = Utils.getHost(server);
			if (host == null || !hosts.allows(host)) {
				return false;
			}
			any = true;
		}
		return any;
	}

}
