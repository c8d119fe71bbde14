package dev.openframe.telemetry.otel.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource's detected parts, the container id read from made-up cgroup files, and the
 * service name used when nothing names the service.
 */
class TelemetryResourceTests {

	private static final String ID = "a1b2c3d4e5f60718a1b2c3d4e5f60718a1b2c3d4e5f60718a1b2c3d4e5f60718";

	@TempDir
	Path directory;

	@Test
	void containerIdFromCgroupV1() throws IOException {
		Path cgroup = write("cgroup", "12:pids:/docker/" + ID + "\n11:cpu:/docker/" + ID + "\n");
		assertThat(ContainerId.detect(cgroup, this.directory.resolve("absent"))).isEqualTo(ID);
	}

	@Test
	void containerIdFromCgroupV1SystemdScope() throws IOException {
		Path cgroup = write("cgroup", "1:name=systemd:/system.slice/docker-" + ID + ".scope\n");
		assertThat(ContainerId.detect(cgroup, this.directory.resolve("absent"))).isEqualTo(ID);
	}

	@Test
	void containerIdFromCgroupV2Mountinfo() throws IOException {
		// Under cgroup v2 /proc/self/cgroup says only "0::/"; Docker's bind mounts name the container.
		Path cgroup = write("cgroup", "0::/\n");
		Path mountinfo = write("mountinfo",
				"736 728 0:52 / / rw,relatime master:289 - overlay overlay rw\n"
						+ "747 736 254:1 /var/lib/docker/containers/" + ID
						+ "/hostname /etc/hostname rw,relatime - ext4 /dev/vda1 rw\n");
		assertThat(ContainerId.detect(cgroup, mountinfo)).isEqualTo(ID);
	}

	@Test
	void containerIdFromCriOMountinfo() throws IOException {
		Path mountinfo = write("mountinfo", "1 2 0:1 /kubepods/crio-" + ID + " /sys rw - cgroup2 cgroup rw\n");
		assertThat(ContainerId.detect(this.directory.resolve("absent"), mountinfo)).isEqualTo(ID);
	}

	@Test
	void noContainerIdOutsideAContainer() throws IOException {
		Path cgroup = write("cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n");
		Path mountinfo = write("mountinfo", "22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n");
		assertThat(ContainerId.detect(cgroup, mountinfo)).isNull();
		assertThat(TelemetryResource.detect(null).getAttribute(AttributeKey.stringKey("container.id"))).isNull();
	}

	@Test
	void detectedResourceCarriesTheContainerIdGiven() {
		assertThat(TelemetryResource.detect(ID).getAttribute(AttributeKey.stringKey("container.id"))).isEqualTo(ID);
	}

	@Test
	void detectedResourceDescribesHostOsProcessAndRuntimeButNotTheCommandLine() {
		Resource detected = TelemetryResource.detected();
		assertThat(detected.getAttribute(AttributeKey.stringKey("host.name"))).isNotBlank();
		assertThat(detected.getAttribute(AttributeKey.stringKey("host.arch"))).isNotBlank();
		assertThat(detected.getAttribute(AttributeKey.stringKey("os.type"))).isEqualTo("linux");
		assertThat(detected.getAttribute(AttributeKey.longKey("process.pid"))).isEqualTo(ProcessHandle.current().pid());
		assertThat(detected.getAttribute(AttributeKey.stringKey("process.runtime.name"))).isNotBlank();
		assertThat(detected.getAttribute(AttributeKey.stringKey("process.runtime.version")))
			.isEqualTo(System.getProperty("java.runtime.version"));
		assertThat(detected.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
			.noneMatch((key) -> key.startsWith("process.command"));
	}

	@Test
	void instanceIdIsOneUuidPerProcessUnlessSet() {
		TelemetryResource.Service service = new TelemetryResource.Service("orders", null, null, null);
		String first = TelemetryResource.create(service, Map.of())
			.getAttribute(AttributeKey.stringKey("service.instance.id"));
		assertThat(UUID.fromString(first)).isNotNull();
		assertThat(TelemetryResource.create(service, Map.of("team", "a"))
			.getAttribute(AttributeKey.stringKey("service.instance.id"))).isEqualTo(first);
		assertThat(TelemetryResource.create(service, Map.of("service.instance.id", "pod-7"))
			.getAttribute(AttributeKey.stringKey("service.instance.id"))).isEqualTo("pod-7");
	}

	@Test
	void applicationNameIsTheJarOrTheMainClass() {
		assertThat(TelemetryResource.applicationName("/opt/app/orders-1.4.jar --server.port=8080"))
			.isEqualTo("orders-1.4");
		assertThat(TelemetryResource.applicationName("billing.war")).isEqualTo("billing");
		assertThat(TelemetryResource.applicationName("com.example.orders.OrdersApplication --debug"))
			.isEqualTo("OrdersApplication");
		assertThat(TelemetryResource.applicationName("")).isNull();
		assertThat(TelemetryResource.applicationName(null)).isNull();
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

}
