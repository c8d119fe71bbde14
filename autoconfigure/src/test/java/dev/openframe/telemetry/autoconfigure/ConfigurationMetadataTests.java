package dev.openframe.telemetry.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.openframe.telemetry.client.internal.SessionPropagationHosts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated {@code spring-configuration-metadata.json} (what IDEs show) describes every
 * property, and states the default of every property that has one.
 */
class ConfigurationMetadataTests {

	/** Properties whose default is "unset" or derived at run time, so no value is declared. */
	private static final List<String> NO_STATIC_DEFAULT = List.of("service-name", "service-version", "service-namespace", "environment",
			"resource-attributes", "otlp.endpoint", "otlp.headers", ".endpoint", ".headers", ".protocol",
			".compression", ".timeout", "limits.attribute-value-length", ".limits.attribute-value-length",
			".limits.attribute-count", ".event-attribute-count", ".link-attribute-count",
			".ssl.bundle", ".ssl.certificate", ".ssl.client-key", ".ssl.client-certificate");

	@Test
	void everyPropertyHasDescription() throws IOException {
		assertThat(properties()).isNotEmpty().allSatisfy((name, property) -> assertThat(property.path("description")
			.asText()).as("description of %s", name).isNotBlank().doesNotStartWith("The ").doesNotStartWith("A "));
	}

	@Test
	void everyPropertyWithDefaultDeclaresIt() throws IOException {
		properties().forEach((name, property) -> {
			String shortName = name.substring("openframe.telemetry.".length());
			boolean derived = NO_STATIC_DEFAULT.stream()
				.anyMatch((suffix) -> suffix.startsWith(".") ? shortName.endsWith(suffix) : shortName.equals(suffix));
			if (!derived) {
				assertThat(property.has("defaultValue")).as("default of %s", name).isTrue();
			}
		});
	}

	@Test
	void declaresTheDocumentedDefaults() throws IOException {
		Map<String, JsonNode> properties = properties();
		assertThat(properties.get("openframe.telemetry.enabled").path("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("openframe.telemetry.otlp.protocol").path("defaultValue").asText())
			.isEqualTo("http/protobuf");
		assertThat(properties.get("openframe.telemetry.otlp.compression").path("defaultValue").asText())
			.isEqualTo("none");
		assertThat(properties.get("openframe.telemetry.otlp.timeout").path("defaultValue").asText()).isEqualTo("10s");
		assertThat(properties.get("openframe.telemetry.traces.sampler").path("defaultValue").asText())
			.isEqualTo("parentbased_always_on");
		assertThat(properties.get("openframe.telemetry.traces.sampler-ratio").path("defaultValue").asDouble())
			.isEqualTo(1.0);
		assertThat(properties.get("openframe.telemetry.traces.batch.schedule-delay").path("defaultValue").asText())
			.isEqualTo("5s");
		assertThat(properties.get("openframe.telemetry.traces.batch.max-queue-size").path("defaultValue").asInt())
			.isEqualTo(2048);
		assertThat(properties.get("openframe.telemetry.traces.batch.max-export-batch-size")
			.path("defaultValue")
			.asInt()).isEqualTo(512);
		assertThat(properties.get("openframe.telemetry.traces.batch.export-timeout").path("defaultValue").asText())
			.isEqualTo("30s");
		assertThat(properties.get("openframe.telemetry.metrics.export-interval").path("defaultValue").asText())
			.isEqualTo("15s");
		assertThat(properties.get("openframe.telemetry.metrics.exemplars-on-count").path("defaultValue").asBoolean(true))
			.isFalse();
		assertThat(properties.get("openframe.telemetry.metrics.max-tag-sets").path("defaultValue").asInt())
			.isEqualTo(2000);
		assertThat(properties.get("openframe.telemetry.shutdown-timeout").path("defaultValue").asText())
			.isEqualTo("10s");
		assertThat(properties.get("openframe.telemetry.http.enabled").path("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("openframe.telemetry.http.session-header").path("defaultValue").asText())
			.isEqualTo("x-session-id");
		assertThat(properties.get("openframe.telemetry.http.exclude-paths").path("defaultValue").get(0).asText())
			.isEqualTo("/actuator/**");
		assertThat(properties.get("openframe.telemetry.http.client.propagate-session-to").path("defaultValue"))
			.extracting(JsonNode::asText)
			.containsExactlyElementsOf(SessionPropagationHosts.DEFAULTS);
		assertThat(properties.get("openframe.telemetry.http.log.enabled").path("defaultValue").asBoolean()).isTrue();
		assertThat(properties.get("openframe.telemetry.repository.enabled").path("defaultValue").asBoolean())
			.isTrue();
		assertThat(properties.get("openframe.telemetry.problem-details.enabled").path("defaultValue").asBoolean())
			.isTrue();
	}

	private static Map<String, JsonNode> properties() throws IOException {
		// Every jar has such a file: read them all and keep ours.
		Map<String, JsonNode> properties = new HashMap<>();
		var resources = ConfigurationMetadataTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (resources.hasMoreElements()) {
			try (InputStream input = resources.nextElement().openStream()) {
				for (JsonNode property : JsonMapper.builder().build().readTree(input).path("properties")) {
					String name = property.path("name").asText();
					if (name.startsWith("openframe.")) {
						properties.put(name, property);
					}
				}
			}
		}
		assertThat(properties).as("openframe properties in the generated metadata").hasSizeGreaterThan(30);
		return properties;
	}

}
