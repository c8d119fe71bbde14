package dev.openframe.telemetry.jdbc;

import java.util.List;

import dev.openframe.telemetry.testsupport.EmbeddedPostgres;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL statement spans on a real PostgreSQL server (the one shared by the test classes of the JVM).
 */
class PostgresStatementSpanTests extends AbstractStatementSpanTests {

	private static EmbeddedPostgres postgres;

	private static RunningJdbcApp app;

	@BeforeAll
	static void start() throws Exception {
		postgres = EmbeddedPostgres.shared();
		app = RunningJdbcApp.start(postgres.jdbcUrl(), postgres.username());
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
	}

	@Override
	RunningJdbcApp app() {
		return app;
	}

	@Override
	String dbSystemName() {
		return "postgresql";
	}

	@Override
	String constraintViolationType() {
		return "org.postgresql.util.PSQLException";
	}

	@Override
	void causeTimeout(JdbcTestApplication.ItemRepository items) {
		items.slowWithStatementTimeout();
	}

	@Override
	void assertServerAttributes(List<KeyValue> attributes) {
		assertThat(attribute(attributes, "server.address")).isEqualTo("127.0.0.1");
		assertThat(attribute(attributes, "server.port")).isEqualTo(Integer.toString(postgres.port()));
		assertThat(attribute(attributes, "db.namespace")).isEqualTo("postgres");
	}

}
