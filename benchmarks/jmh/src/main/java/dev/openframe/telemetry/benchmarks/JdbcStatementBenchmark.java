package dev.openframe.telemetry.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.jdbc.internal.JdbcInstrumentation;
import dev.openframe.telemetry.otel.internal.StableSemconvOptIn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One prepared statement (prepare, bind, query a row of an in-memory H2 table, read it, close) on
 * an open connection: {@code plain} on the driver's connection, {@code traced} on the same
 * connection wrapped as the starter wraps every {@code DataSource}'s connections (span sampled to
 * a real batch processor, sanitized text, {@code db.client.operation.duration} on a Prometheus
 * registry), {@code sampledOut} with the span not sampled. The connection is opened once, so the
 * pool and {@code getConnection} are left out: what remains is the cost per statement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcStatementBenchmark {

	@Param({ "plain", "traced", "sampledOut" })
	public String setup;

	private BenchmarkTelemetry telemetry;

	private Connection connection;

	private long id;

	@Setup(Level.Trial)
	public void setUp() throws SQLException {
		StableSemconvOptIn.database();
		this.telemetry = new BenchmarkTelemetry(!this.setup.equals("sampledOut"));
		Connection raw = new DriverManagerDataSource("jdbc:h2:mem:bench-" + this.setup + ";DB_CLOSE_DELAY=-1", "sa", "")
			.getConnection();
		try (Statement statement = raw.createStatement()) {
			statement.execute("CREATE TABLE item (id BIGINT PRIMARY KEY, name VARCHAR(100))");
			statement.execute("INSERT INTO item SELECT X, 'item-' || X FROM SYSTEM_RANGE(0, 1023)");
		}
		if (this.setup.equals("plain")) {
			this.connection = raw;
			return;
		}
		JdbcInstrumentation jdbc = JdbcInstrumentation.create(this.telemetry.openTelemetry(), true,
				() -> this.telemetry.registry);
		this.connection = jdbc.instrument(raw, jdbc.describe(raw));
	}

	@TearDown(Level.Trial)
	public void tearDown() throws SQLException {
		this.connection.close();
		this.telemetry.close();
	}

	@Benchmark
	public String findName() throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
			statement.setLong(1, this.id++ & 1023);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getString(1) : null;
			}
		}
	}

}
