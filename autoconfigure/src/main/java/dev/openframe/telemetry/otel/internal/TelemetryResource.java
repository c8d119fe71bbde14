package dev.openframe.telemetry.otel.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;

/**
 * Builds the OpenTelemetry {@link Resource} that describes this service: the SDK's
 * {@code telemetry.sdk.*} attributes, host and process attributes, user attributes, then the
 * service name, version and environment, later ones winning.
 */
public final class TelemetryResource {

	private TelemetryResource() {
	}

	/**
	 * Creates the resource.
	 * @param serviceName value of {@code service.name}
	 * @param serviceVersion value of {@code service.version}, if any
	 * @param environment value of {@code deployment.environment.name}, if any
	 * @param attributes extra attributes
	 * @return the merged resource
	 */
	public static Resource create(String serviceName, @Nullable String serviceVersion, @Nullable String environment,
			Map<String, String> attributes) {
		AttributesBuilder extra = Attributes.builder();
		attributes.forEach(extra::put);
		AttributesBuilder service = Attributes.builder().put("service.name", serviceName);
		putIfSet(service, "service.version", serviceVersion);
		putIfSet(service, "deployment.environment.name", environment);
		return Resource.getDefault()
			.merge(Resource.create(hostAndProcess()))
			.merge(Resource.create(extra.build()))
			.merge(Resource.create(service.build()));
	}

	private static Attributes hostAndProcess() {
		AttributesBuilder builder = Attributes.builder();
		putIfSet(builder, "host.name", hostName());
		putIfSet(builder, "host.arch", System.getProperty("os.arch"));
		putIfSet(builder, "os.type", osType());
		putIfSet(builder, "os.description", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		builder.put("process.pid", ProcessHandle.current().pid());
		putIfSet(builder, "process.executable.path", System.getProperty("java.home") + "/bin/java");
		putIfSet(builder, "process.runtime.name", System.getProperty("java.runtime.name"));
		putIfSet(builder, "process.runtime.version", System.getProperty("java.runtime.version"));
		putIfSet(builder, "process.runtime.description", System.getProperty("java.vm.vendor") + " "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
		// The command line is left out on purpose: it often carries passwords.
		return builder.build();
	}

	private static @Nullable String hostName() {
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static @Nullable String osType() {
		String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (name.startsWith("linux")) {
			return "linux";
		}
		if (name.startsWith("mac")) {
			return "darwin";
		}
		if (name.startsWith("windows")) {
			return "windows";
		}
		return name.isEmpty() ? null : name;
	}

	private static void putIfSet(AttributesBuilder builder, String key, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			builder.put(key, value);
		}
	}

}
