package dev.openframe.telemetry.otel.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.instrumentation.resources.HostResource;
import io.opentelemetry.instrumentation.resources.OsResource;
import io.opentelemetry.instrumentation.resources.ProcessResource;
import io.opentelemetry.instrumentation.resources.ProcessRuntimeResource;
import io.opentelemetry.sdk.resources.Resource;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Builds the OpenTelemetry {@link Resource} that describes this service, later parts winning:
 * the SDK's {@code telemetry.sdk.*} attributes; what is detected of the host, OS, process, runtime
 * and container, with {@code service.instance.id}; the user's attributes; then the service's
 * name, version, namespace and environment.
 */
public final class TelemetryResource {

	/** {@code service.name} when nothing names the service, as in OpenTelemetry. */
	public static final String UNKNOWN_SERVICE = "unknown_service:java";

	// One per process start, so that two replicas never merge into one series or service instance.
	private static final String INSTANCE_ID = UUID.randomUUID().toString();

	private static final boolean DETECTORS_PRESENT = ClassUtils.isPresent(
			"io.opentelemetry.instrumentation.resources.HostResource", TelemetryResource.class.getClassLoader());

	private static volatile @Nullable Resource detected;

	private TelemetryResource() {
	}

	/**
	 * What names the service.
	 * @param name {@code service.name}
	 * @param version {@code service.version}, if any
	 * @param namespace {@code service.namespace}, if any
	 * @param environment {@code deployment.environment.name}, if any
	 */
	public record Service(String name, @Nullable String version, @Nullable String namespace,
			@Nullable String environment) {
	}

	/**
	 * Creates the resource, with what is detected of this process.
	 * @param service what names the service
	 * @param attributes the user's attributes
	 * @return the merged resource
	 */
	public static Resource create(Service service, Map<String, String> attributes) {
		return create(service, attributes, detected());
	}

	/**
	 * Creates the resource.
	 * @param service what names the service
	 * @param attributes the user's attributes
	 * @param detected what was detected of the process, such as {@link #detected()}
	 * @return the merged resource
	 */
	public static Resource create(Service service, Map<String, String> attributes, Resource detected) {
		AttributesBuilder extra = Attributes.builder();
		attributes.forEach(extra::put);
		// Keys as strings: the semantic-conventions artifact comes with the optional instrumentation.
		AttributesBuilder named = Attributes.builder().put("service.name", service.name());
		putIfSet(named, "service.version", service.version());
		putIfSet(named, "service.namespace", service.namespace());
		putIfSet(named, "deployment.environment.name", service.environment());
		return Resource.getDefault()
			.merge(detected)
			.merge(Resource.create(extra.build()))
			.merge(Resource.create(named.build()));
	}

	/**
	 * What is known of this process without being told: host, OS, process, runtime, container,
	 * and {@code service.instance.id}. Worked out once.
	 * @return the detected resource
	 */
	public static Resource detected() {
		Resource resource = detected;
		if (resource == null) {
			resource = detect(ContainerId.detect());
			detected = resource;
		}
		return resource;
	}

	/**
	 * The detected resource, with a given container id.
	 * @param containerId the container id, or {@code null} outside a container
	 * @return the detected resource
	 */
	public static Resource detect(@Nullable String containerId) {
		AttributesBuilder own = Attributes.builder().put("service.instance.id", INSTANCE_ID);
		putIfSet(own, "container.id", containerId);
		Resource detectors = DETECTORS_PRESENT ? detectors() : Resource.create(hostAndProcess());
		return detectors.merge(Resource.create(own.build()));
	}

	/**
	 * The service name OpenTelemetry's agent would use when nothing names the service: the
	 * application jar's file name without extension, else the main class's simple name.
	 * @param javaCommand the command that started the JVM, as {@code sun.java.command} has it
	 * (main class or jar, then arguments)
	 * @return the name, or {@code null} when the command names neither
	 */
	public static @Nullable String applicationName(@Nullable String javaCommand) {
		if (javaCommand == null || javaCommand.isBlank()) {
			return null;
		}
		String main = javaCommand.trim().split("\\s+", 2)[0];
		String lower = main.toLowerCase(Locale.ROOT);
		if (lower.endsWith(".jar") || lower.endsWith(".war")) {
			String file = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
			return file.substring(0, file.length() - 4);
		}
		String simple = main.substring(main.lastIndexOf('.') + 1);
		return simple.isEmpty() ? null : simple;
	}

	private static Resource detectors() {
		// The process detector also gives the command line, which often carries passwords: left out.
		Resource process = ProcessResource.get()
			.toBuilder()
			.removeIf((key) -> key.getKey().startsWith("process.command"))
			.build();
		return HostResource.get().merge(OsResource.get()).merge(process).merge(ProcessRuntimeResource.get());
	}

	/** Without OpenTelemetry's detectors on the class path: the same attributes, read by hand. */
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
