package dev.openframe.telemetry.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes.yaml} parses, and its container hands the pod's facts from the downward
 * API to OpenTelemetry's resource attributes.
 */
class KubernetesDeploymentTests {

	@Test
	void deploymentPassesThePodsFactsToTheResourceAttributes() throws IOException {
		Map<String, Object> deployment;
		try (InputStream input = Files.newInputStream(Path.of("deploy/kubernetes.yaml"))) {
			deployment = new Yaml().load(input);
		}
		assertThat(deployment).containsEntry("kind", "Deployment");
		Map<String, Object> container = first(path(deployment, "spec", "template", "spec", "containers"));
		Map<String, Object> env = new LinkedHashMap<>();
		for (Map<String, Object> variable : this.<List<Map<String, Object>>>cast(container.get("env"))) {
			env.put((String) variable.get("name"), variable.containsKey("value") ? variable.get("value")
					: path(variable, "valueFrom", "fieldRef", "fieldPath"));
		}
		assertThat(env).containsEntry("POD_NAME", "metadata.name")
			.containsEntry("POD_UID", "metadata.uid")
			.containsEntry("POD_NAMESPACE", "metadata.namespace")
			.containsEntry("NODE_NAME", "spec.nodeName");
		String attributes = (String) env.get("OTEL_RESOURCE_ATTRIBUTES");
		assertThat(attributes.split(",")).contains("k8s.pod.name=$(POD_NAME)", "k8s.pod.uid=$(POD_UID)",
				"k8s.namespace.name=$(POD_NAMESPACE)", "k8s.node.name=$(NODE_NAME)",
				"service.instance.id=$(POD_UID)");
		// Kubernetes expands $(VAR) only for variables defined before the one that uses them.
		List<String> names = List.copyOf(env.keySet());
		assertThat(names.indexOf("OTEL_RESOURCE_ATTRIBUTES")).isGreaterThan(names.indexOf("POD_NAME"))
			.isGreaterThan(names.indexOf("POD_UID"))
			.isGreaterThan(names.indexOf("POD_NAMESPACE"))
			.isGreaterThan(names.indexOf("NODE_NAME"));
	}

	private <T> T path(Map<String, Object> map, String... keys) {
		Object current = map;
		for (String key : keys) {
			current = this.<Map<String, Object>>cast(current).get(key);
		}
		return cast(current);
	}

	private Map<String, Object> first(List<Map<String, Object>> list) {
		assertThat(list).isNotEmpty();
		return list.get(0);
	}

	@SuppressWarnings("unchecked")
	private <T> T cast(Object value) {
		return (T) value;
	}

}
