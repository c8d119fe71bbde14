package dev.openframe.telemetry.jdbc;

import java.util.List;

import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQL statement spans on an embedded H2 database.
 */
class H2StatementSpanTests extends AbstractStatementSpanTests {

	private static RunningJdbcApp app;

	@BeforeAll
	static void start() {
		app = RunningJdbcApp.start("jdbc:h2:mem:statements;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=FALSE", "sa");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Override
	RunningJdbcApp app() {
		return app;
	}

	@Override
	String dbSystemName() {
		return "h2database";
	}

	@Override
	String constraintViolationType() {
		return "org.h2.jdbc.JdbcSQLIntegrityConstraintViolationException";
	}

	@Override
	void causeTimeout(JdbcTestApplication.ItemRepository items) {
		items.slowWithQueryTimeout();
	}

	@Override
	void assertServerAttributes(List<KeyValue> attributes) {
		// In-memory: no server to name.
		assertThat(attribute(attributes, "server.address")).isNull();
		assertThat(attribute(attributes, "db.namespace")).isEqualTo("statements");
	}

}
