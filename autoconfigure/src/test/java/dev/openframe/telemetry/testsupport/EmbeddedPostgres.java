package dev.openframe.telemetry.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL server for tests, from the PostgreSQL binaries of the machine
 * ({@code /usr/lib/postgresql/<version>/bin}), in a temporary directory, listening on 127.0.0.1
 * and a free port, with trust authentication for user {@code postgres}. PostgreSQL refuses to
 * run as root, so as root the server runs as the {@code postgres} user (or {@code nobody}) through
 * {@code runuser}. Tests that need it are skipped, with a message saying so, only when no
 * PostgreSQL binary exists. {@link #shared()} starts one server per test JVM (stopped when the JVM
 * exits), so that test classes do not each pay for {@code initdb} and a server start.
 */
public final class EmbeddedPostgres implements AutoCloseable {

	private static final Path INSTALLATIONS = Paths.get("/usr/lib/postgresql");

	private final Path bin;

	private final Path directory;

	private final int port;

	private final List<String> runAs;

	private static @Nullable EmbeddedPostgres shared;

	private EmbeddedPostgres(Path bin, Path directory, int port, List<String> runAs) {
		this.bin = bin;
		this.directory = directory;
		this.port = port;
		this.runAs = runAs;
	}

	/**
	 * Creates a cluster and starts its server, or skips the calling test when PostgreSQL is absent.
	 * @return the running server
	 */
	public static EmbeddedPostgres start() throws IOException, InterruptedException {
		Path bin = findBinaries();
		Assumptions.assumeTrue(bin != null, "No PostgreSQL binaries under " + INSTALLATIONS + ": test skipped");
		List<String> runAs = runAs();
		Path directory = Files.createTempDirectory("openframe-postgres");
		if (!runAs.isEmpty()) {
			run(List.of("chown", runAs.get(2), directory.toString()), List.of(), 30);
		}
		EmbeddedPostgres postgres = new EmbeddedPostgres(bin, directory, freePort(), runAs);
		postgres.pg("initdb", "-D", postgres.data(), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8");
		postgres.startServer();
		return postgres;
	}

	/**
	 * The server shared by the test classes of this JVM, started on first use and stopped when the
	 * JVM exits; a test class that stops it (for an outage) starts it again before it ends.
	 * Skips the calling test when PostgreSQL is absent.
	 * @return the running server
	 */
	public static synchronized EmbeddedPostgres shared() throws IOException, InterruptedException {
		if (shared == null) {
			EmbeddedPostgres postgres = start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException | InterruptedException | RuntimeException ex) {
					// The JVM is exiting: the temporary directory is all that could be left.
				}
			}, "embedded-postgres-stop"));
			shared = postgres;
		}
		return shared;
	}

	/**
	 * Creates a database of the given name (a test class's own tables, on a shared server).
	 * @param name the database name, letters and underscores
	 * @return JDBC URL of the new database
	 */
	public String createDatabase(String name) throws IOException, InterruptedException {
		run(List.of(this.bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(this.port),
				"-U", username(), name), List.of(), 30);
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + name;
	}

	/** @return JDBC URL of the {@code postgres} database */
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	/** @return user to connect as */
	public String username() {
		return "postgres";
	}

	/** @return the server's port */
	public int port() {
		return this.port;
	}

	/** Stops the server, keeping its data, as for an outage. */
	public void stopServer() throws IOException, InterruptedException {
		pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
	}

	/** Starts the server again on the same port. */
	public void startServer() throws IOException, InterruptedException {
		pg("pg_ctl", "-D", data(), "-w", "-t", "60", "-l", this.directory.resolve("server.log").toString(), "-o",
				"-p " + this.port + " -c listen_addresses=127.0.0.1 -k " + this.directory + " -c fsync=off", "start");
	}

	@Override
	public void close() throws IOException, InterruptedException {
		try {
			pg("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
		}
		catch (IllegalStateException ex) {
			// Already stopped.
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private String data() {
		return this.directory.resolve("data").toString();
	}

	private void pg(String program, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(this.bin.resolve(program).toString());
		command.addAll(List.of(args));
		run(command, this.runAs, 90);
	}

	private static void run(List<String> command, List<String> prefix, int timeoutSeconds)
			throws IOException, InterruptedException {
		List<String> full = new ArrayList<>(prefix);
		full.addAll(command);
		Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("Timed out: " + full);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException(full + " failed with " + process.exitValue() + ": " + new String(output));
		}
	}

	private static Path findBinaries() throws IOException {
		if (!Files.isDirectory(INSTALLATIONS)) {
			return null;
		}
		try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
			return versions.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("pg_ctl")))
				.max(Comparator.naturalOrder())
				.orElse(null);
		}
	}

	/** As root: {@code runuser -u <user> --}; otherwise nothing. */
	private static List<String> runAs() throws IOException, InterruptedException {
		if (!"root".equals(System.getProperty("user.name"))) {
			return List.of();
		}
		for (String user : List.of("postgres", "nobody")) {
			Process id = new ProcessBuilder("id", "-u", user).redirectErrorStream(true).start();
			id.getInputStream().readAllBytes();
			if (id.waitFor(10, TimeUnit.SECONDS) && id.exitValue() == 0) {
				return List.of("runuser", "-u", user, "--");
			}
		}
		throw new IllegalStateException("Running as root and neither 'postgres' nor 'nobody' exists");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
