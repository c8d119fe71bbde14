package dev.openframe.telemetry.sample;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/compose.yaml} cannot run here (no containers), so what can be checked without
 * running it is: every file parses, every mounted host file exists (the app's jar too, hence an
 * IT, after {@code package}), image versions are pinned, and the names and ports that tie the
 * services together agree with each other and with the sample app's defaults.
 */
class DeployComposeIT {

	private static final Path DEPLOY = Path.of("deploy");

	private final Map<String, Object> compose = yaml(DEPLOY.resolve("compose.yaml"));

	private final Map<String, Object> application = yaml(Path.of("src", "main", "resources", "application.yml"));

	@Test
	void composeRunsTheSampleAppCollectorPrometheusGrafanaAndJaegerOnPinnedImages() {
		assertThat(services()).containsOnlyKeys("items-service", "otel-collector", "prometheus", "grafana", "jaeger");
		assertThat(services()).allSatisfy((name, service) -> assertThat(string(service, "image")).as("image of %s", name)
			.matches("[a-z0-9./-]+:v?[0-9][0-9._]*[0-9][a-z0-9._-]*")
			.doesNotContain(":latest"));
	}

	@Test
	void everyMountedHostFileExists() {
		assertThat(services()).allSatisfy((name, service) -> assertThat(volumes(service)).allSatisfy((volume) -> {
			Path host = DEPLOY.resolve(volume.split(":")[0]).normalize();
			assertThat(host).as("host side of volume '%s' of %s", volume, name).exists();
		}));
		assertThat(volumes(service("items-service"))).anySatisfy((volume) -> assertThat(
				DEPLOY.resolve(volume.split(":")[0]).toRealPath())
			.as("the sample app's jar mounted into items-service")
			.isEqualTo(Path.of(System.getProperty("sample.jar")).toRealPath()));
	}

	@Test
	void appPortAndPrometheusTargetMatchTheAppDefaults() {
		int port = (Integer) at(this.application, "server", "port");
		assertThat(list(service("items-service"), "ports")).contains(port + ":" + port);
		assertThat((String) at(this.application, "management", "endpoints", "web", "exposure", "include"))
			.contains("prometheus");
		Map<String, Object> prometheus = yaml(mountedFile("prometheus", commandValue("prometheus", "--config.file=")));
		Map<String, Object> scrape = first(prometheus, "scrape_configs");
		assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
		assertThat(list(first(scrape, "static_configs"), "targets")).containsExactly("items-service:" + port);
		assertThat(list(prometheus, "rule_files")).containsExactly("alerts.yml");
		assertThat(list(service("prometheus"), "command")).contains("--enable-feature=exemplar-storage");
	}

	@Test
	void appExportsToTheCollectorOnItsDefaultProtocolAndPort() {
		Map<String, Object> collector = yaml(mountedFile("otel-collector", "/etc/otelcol-contrib/config.yaml"));
		Map<String, Object> protocols = at(collector, "receivers", "otlp", "protocols");
		int httpPort = port((String) at(protocols, "http", "endpoint"));
		int grpcPort = port((String) at(protocols, "grpc", "endpoint"));
		assertThat(List.of(httpPort, grpcPort)).containsExactly(4318, 4317);
		assertThat((String) at(protocols, "http", "endpoint")).startsWith("0.0.0.0:");
		// The app's protocol is http/protobuf, so its endpoint is the collector's http port.
		assertThat((String) at(this.application, "openframe", "telemetry", "otlp", "protocol")).isEqualTo("http/protobuf");
		URI endpoint = URI.create(
				(String) at(service("items-service"), "environment", "OTEL_EXPORTER_OTLP_ENDPOINT"));
		assertThat(endpoint.getHost()).isEqualTo("otel-collector");
		assertThat(endpoint.getPort()).isEqualTo(httpPort);
		assertThat(list(service("otel-collector"), "ports")).contains(httpPort + ":" + httpPort,
				grpcPort + ":" + grpcPort);
		// Traces go on to Jaeger's OTLP gRPC port, by its service name.
		assertThat((String) at(collector, "exporters", "otlp/jaeger", "endpoint")).isEqualTo("jaeger:4317");
		assertThat(list(at(collector, "service", "pipelines", "traces"), "exporters")).contains("otlp/jaeger");
	}

	@Test
	void grafanaGetsTheDashboardAndDataSourcesThatLinkExemplarsToJaeger() {
		Map<String, Object> sources = yaml(mountedFile("grafana",
				"/etc/grafana/provisioning/datasources/datasources.yaml"));
		Map<String, Object> prometheus = dataSource(sources, "prometheus");
		Map<String, Object> jaeger = dataSource(sources, "jaeger");
		assertThat(prometheus.get("url")).isEqualTo("http://prometheus:9090");
		assertThat(list(service("prometheus"), "ports")).contains("9090:9090");
		assertThat(jaeger.get("url")).isEqualTo("http://jaeger:16686");
		assertThat(list(service("jaeger"), "ports")).contains("16686:16686");
		Map<String, Object> exemplars = first(at(prometheus, "jsonData"), "exemplarTraceIdDestinations");
		assertThat(exemplars.get("name")).isEqualTo("trace_id");
		assertThat(exemplars.get("datasourceUid")).isEqualTo(jaeger.get("uid"));
		Map<String, Object> provider = first(
				yaml(mountedFile("grafana", "/etc/grafana/provisioning/dashboards/dashboards.yaml")), "providers");
		String dashboardInContainer = (String) at(service("grafana"), "environment",
				"GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
		assertThat(dashboardInContainer).startsWith(at(provider, "options", "path") + "/");
		assertThat(mountedFile("grafana", dashboardInContainer).normalize()).isEqualTo(GrafanaDashboard.FILE.normalize());
	}

	/** @return the host file a service sees at a path inside its container */
	private Path mountedFile(String service, String containerPath) {
		for (String volume : volumes(service(service))) {
			String[] parts = volume.split(":");
			if (containerPath.equals(parts[1]) || containerPath.startsWith(parts[1] + "/")) {
				Path host = DEPLOY.resolve(parts[0] + containerPath.substring(parts[1].length())).normalize();
				assertThat(host).as("%s's %s on the host", service, containerPath).isRegularFile();
				return host;
			}
		}
		throw new AssertionError("nothing is mounted at " + containerPath + " in " + service);
	}

	private String commandValue(String service, String prefix) {
		return list(service(service), "command").stream()
			.filter((argument) -> argument.startsWith(prefix))
			.map((argument) -> argument.substring(prefix.length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError(service + " has no " + prefix + " argument"));
	}

	private static Map<String, Object> dataSource(Map<String, Object> sources, String uid) {
		List<Map<String, Object>> all = at(sources, "datasources");
		return all.stream()
			.filter((source) -> uid.equals(source.get("uid")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no data source with uid " + uid));
	}

	private Map<String, Map<String, Object>> services() {
		return at(this.compose, "services");
	}

	private Map<String, Object> service(String name) {
		return at(this.compose, "services", name);
	}

	private static List<String> volumes(Map<String, Object> service) {
		return service.containsKey("volumes") ? list(service, "volumes") : List.of();
	}

	private static int port(String endpoint) {
		return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
	}

	@SuppressWarnings("unchecked")
	private static <T> T at(Map<String, Object> map, String... keys) {
		Object current = map;
		for (String key : keys) {
			assertThat(current).as("'%s' in %s", key, String.join(".", keys)).isInstanceOf(Map.class);
			current = ((Map<String, Object>) current).get(key);
		}
		assertThat(current).as(String.join(".", keys)).isNotNull();
		return (T) current;
	}

	@SuppressWarnings("unchecked")
	private static List<String> list(Map<String, Object> map, String key) {
		return ((List<Object>) at(map, key)).stream().map(String::valueOf).toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> first(Map<String, Object> map, String key) {
		List<Map<String, Object>> items = at(map, key);
		assertThat(items).as(key).isNotEmpty();
		return items.get(0);
	}

	private static Map<String, Object> yaml(Path file) {
		try (Reader reader = Files.newBufferedReader(file)) {
			Map<String, Object> document = new Yaml().load(reader);
			assertThat(document).as("YAML of %s", file).isNotNull();
			return document;
		}
		catch (IOException ex) {
			throw new AssertionError("cannot read " + file, ex);
		}
	}

	private static String string(Map<String, Object> map, String key) {
		return (String) at(map, key);
	}

}
