package dev.openframe.telemetry.autoconfigure.otel;

import java.util.Map;

import dev.openframe.telemetry.otel.internal.TelemetryResource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.info.BuildProperties;
import org.springframework.core.env.Environment;

/**
 * Works out what names the service, each value from the first source that has it.
 * <ul>
 * <li>name: {@code service-name} ({@code OTEL_SERVICE_NAME}), {@code service.name} among the
 * resource attributes, {@code spring.application.name}, the application's jar or main class, else
 * {@code unknown_service:java};</li>
 * <li>version: {@code service-version}, {@code service.version} among the resource attributes,
 * the build info ({@code META-INF/build-info.properties}), the {@code Implementation-Version} of
 * the application jar's manifest (Spring Boot's {@code spring.application.version});</li>
 * <li>namespace: {@code service-namespace}, then the resource attributes.</li>
 * </ul>
 */
final class ServiceIdentity {

	private ServiceIdentity() {
	}

	static TelemetryResource.Service resolve(TelemetryProperties properties, Environment environment,
			@Nullable BuildProperties buildProperties, @Nullable String javaCommand) {
		Map<String, String> attributes = properties.getResourceAttributes();
		String name = first(properties.getServiceName(), attributes.get("service.name"),
				environment.getProperty("spring.application.name"), TelemetryResource.applicationName(javaCommand));
		String version = first(properties.getServiceVersion(), attributes.get("service.version"),
				(buildProperties != null) ? buildProperties.getVersion() : null,
				environment.getProperty("spring.application.version"));
		String namespace = first(properties.getServiceNamespace(), attributes.get("service.namespace"));
		return new TelemetryResource.Service((name != null) ? name : TelemetryResource.UNKNOWN_SERVICE, version,
				namespace, properties.getEnvironment());
	}

	private static @Nullable String first(@Nullable String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && !candidate.isBlank()) {
				return candidate;
			}
		}
		return null;
	}

}
