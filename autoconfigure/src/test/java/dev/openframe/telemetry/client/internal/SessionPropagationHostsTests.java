package dev.openframe.telemetry.client.internal;

import java.net.URI;
import java.util.List;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which hosts {@link SessionPropagationHosts} lets the session id go to.
 */
class SessionPropagationHostsTests {

	private final SessionPropagationHosts defaults = SessionPropagationHosts.defaults();

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "orders", "orders.default.svc.cluster.local", "orders.default.svc",
			"vault.internal", "printer.local", "127.0.0.1", "127.8.9.10", "10.1.2.3", "192.168.0.1", "172.16.0.1",
			"172.20.0.1", "172.31.255.255", "[::1]", "[fd00::1]", "[fc12:3456::1]", "[::ffff:10.0.0.1]", "LOCALHOST",
			"Orders.Default.SVC.cluster.local", "orders." })
	void defaultsAllowInternalDestinations(String host) {
		assertThat(this.defaults.allows(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "api.example.com", "8.8.8.8", "172.32.0.1", "172.15.255.255", "192.169.0.1",
			"11.0.0.1", "[2001:db8::1]", "[fe80::1]", "[::2]", "[::ffff:8.8.8.8]", "example.svc.com", "evil-svc.com",
			"internal.example.com", "localhost.example.com", "10.1.2.3.example.com", "10.1.2.300" })
	void defaultsRefuseEverythingElse(String host) {
		assertThat(this.defaults.allows(host)).isFalse();
	}

	@Test
	void decidesFromTheUrlHost() {
		assertThat(this.defaults.allows(URI.create("http://127.0.0.1:8080/items?x=1"))).isTrue();
		assertThat(this.defaults.allows(URI.create("https://user@[fd00::1]:8443/"))).isTrue();
		assertThat(this.defaults.allows(URI.create("https://api.example.com/v1"))).isFalse();
		// java.net.URI has no host for names with '_', common in Docker Compose.
		assertThat(this.defaults.allows(URI.create("http://order_service:8080/items"))).isTrue();
		assertThat(this.defaults.allows(URI.create("http://order_service.example.com/items"))).isFalse();
	}

	@Test
	void emptyListAllowsNoHost() {
		SessionPropagationHosts none = SessionPropagationHosts.of(List.of());
		assertThat(none.allows("localhost")).isFalse();
		assertThat(none.allows("127.0.0.1")).isFalse();
		assertThat(none.allows(URI.create("http://orders/"))).isFalse();
	}

	@Test
	void starAllowsEveryHost() {
		SessionPropagationHosts all = SessionPropagationHosts.of(List.of("*"));
		assertThat(all.allows("api.example.com")).isTrue();
		assertThat(all.allows("8.8.8.8")).isTrue();
	}

	@Test
	void exactHostsAndSuffixesMatchOnlyWhatTheyName() {
		SessionPropagationHosts hosts = SessionPropagationHosts.of(List.of("api.partner.com", "*.corp.example",
				"203.0.113.7", "[2001:db8::5]"));
		assertThat(hosts.allows("API.partner.com")).isTrue();
		assertThat(hosts.allows("www.api.partner.com")).isFalse();
		assertThat(hosts.allows("billing.corp.example")).isTrue();
		assertThat(hosts.allows("corp.example")).isFalse();
		assertThat(hosts.allows("evilcorp.example")).isFalse();
		assertThat(hosts.allows("203.0.113.7")).isTrue();
		assertThat(hosts.allows("203.0.113.8")).isFalse();
		assertThat(hosts.allows("[2001:db8::5]")).isTrue();
		// Only the keywords bring in address ranges and single-label names.
		assertThat(hosts.allows("localhost")).isFalse();
		assertThat(hosts.allows("10.0.0.1")).isFalse();
		assertThat(hosts.allows("orders")).isFalse();
	}

	@Test
	void keywordsCanBeCombinedWithOwnHosts() {
		SessionPropagationHosts hosts = SessionPropagationHosts.of(List.of("loopback", "api.partner.com"));
		assertThat(hosts.allows("127.0.0.1")).isTrue();
		assertThat(hosts.allows("[::1]")).isTrue();
		assertThat(hosts.allows("10.0.0.1")).isFalse();
		assertThat(hosts.allows("api.partner.com")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "*.svc", "private-addresses", "single-label", "loopback", "api.example.com",
			"LOCALHOST", "[fd00::1]", "fd00::1", "192.168.1.1", "order_service" })
	void acceptsDocumentedPatterns(String pattern) {
		assertThat(SessionPropagationHosts.isValidPattern(pattern)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "10.0.0.0/8", "https://api.example.com", "api.example.com:443", "*example.com",
			"**.svc", "*.", "a..b", ".svc", "svc.", "10.1.2.300", "[fd00::1", "host name" })
	void rejectsAnythingElse(String pattern) {
		assertThat(SessionPropagationHosts.isValidPattern(pattern)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> SessionPropagationHosts.of(List.of(pattern)));
	}

	@Test
	void withoutSessionIdKeepsOtherBaggage() {
		Context context = Context.root()
			.with(Baggage.builder().put("session.id", "s-1").put("tenant", "acme").build());
		Baggage stripped = Baggage.fromContext(SessionPropagationHosts.withoutSessionId(context));
		assertThat(stripped.getEntryValue("session.id")).isNull();
		assertThat(stripped.getEntryValue("tenant")).isEqualTo("acme");
		Context withoutSession = Context.root().with(Baggage.builder().put("tenant", "acme").build());
		assertThat(SessionPropagationHosts.withoutSessionId(withoutSession)).isSameAs(withoutSession);
	}

}
