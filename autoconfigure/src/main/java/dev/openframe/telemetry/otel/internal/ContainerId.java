package dev.openframe.telemetry.otel.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Finds the id of the container the process runs in, for {@code container.id}: from
 * {@code /proc/self/cgroup} under cgroup v1, else from {@code /proc/self/mountinfo} under
 * cgroup v2 (Docker, containerd, CRI-O), by the rules of OpenTelemetry's container detector.
 * That detector reads fixed paths only, so it cannot be tested on a made-up file; this one is
 * given the files to read.
 */
public final class ContainerId {

	private static final Path CGROUP_V1 = Path.of("/proc/self/cgroup");

	private static final Path MOUNTINFO_V2 = Path.of("/proc/self/mountinfo");

	private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

	private static final Pattern CRIO = Pattern.compile("/crio-([0-9a-f]{64})");

	private static final Pattern CONTAINERD = Pattern.compile("cri-containerd:([0-9a-f]{64})");

	private static final Pattern CONTAINERS = Pattern.compile("^\\d+ \\d+ \\d+:\\d+ [^ ]*/containers/[^ ]*?([0-9a-f]{64})");

	private ContainerId() {
	}

	/**
	 * The id of this process's container.
	 * @return the id, or {@code null} outside a container (or off Linux)
	 */
	public static @Nullable String detect() {
		return detect(CGROUP_V1, MOUNTINFO_V2);
	}

	/**
	 * The container id the given files name.
	 * @param cgroupV1 a {@code /proc/self/cgroup} file
	 * @param mountinfoV2 a {@code /proc/self/mountinfo} file
	 * @return the id, or {@code null} when neither names one (or neither can be read)
	 */
	public static @Nullable String detect(Path cgroupV1, Path mountinfoV2) {
		for (String line : lines(cgroupV1)) {
			String id = fromCgroupLine(line);
			if (id != null) {
				return id;
			}
		}
		List<String> mounts = lines(mountinfoV2);
		String id = firstGroup(mounts, CRIO);
		if (id == null) {
			id = firstGroup(mounts, CONTAINERD);
		}
		if (id == null) {
			// The last one, as OpenTelemetry's detector takes: nested mounts list the own container last.
			for (String line : mounts) {
				Matcher matcher = CONTAINERS.matcher(line);
				if (matcher.find()) {
					id = matcher.group(1);
				}
			}
		}
		return id;
	}

	/** A cgroup v1 line such as {@code 14:name=systemd:/docker/<id>} or {@code ...docker-<id>.scope}. */
	private static @Nullable String fromCgroupLine(String line) {
		int slash = line.lastIndexOf('/');
		if (slash < 0) {
			return null;
		}
		String last = line.substring(slash + 1);
		String candidate;
		int colon = last.lastIndexOf(':');
		if (colon >= 0) {
			// containerd 1.5+ with the systemd driver: "cri-containerd:<id>".
			candidate = last.substring(colon + 1);
		}
		else {
			int start = last.lastIndexOf('-') + 1;
			int end = last.lastIndexOf('.');
			if (end < 0) {
				end = last.length();
			}
			if (start > end) {
				return null;
			}
			candidate = last.substring(start, end);
		}
		return HEX_64.matcher(candidate).matches() ? candidate : null;
	}

	private static @Nullable String firstGroup(List<String> lines, Pattern pattern) {
		for (String line : lines) {
			Matcher matcher = pattern.matcher(line);
			if (matcher.find()) {
				return matcher.group(1);
			}
		}
		return null;
	}

	private static List<String> lines(Path file) {
		try {
			return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

}
