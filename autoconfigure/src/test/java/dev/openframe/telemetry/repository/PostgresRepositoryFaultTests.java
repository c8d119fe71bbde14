package dev.openframe.telemetry.repository;

import dev.openframe.telemetry.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Real faults on a real PostgreSQL server (the one shared by the test classes of the JVM, in a
 * database of its own), which the outage test stops and starts again.
 */
class PostgresRepositoryFaultTests extends AbstractRepositoryFaultTests {

	private static EmbeddedPostgres postgres;

	private static RunningRepositoryApp app;

	@BeforeAll
	static void start() throws Exception {
		postgres = EmbeddedPostgres.shared();
		app = RunningRepositoryApp.start(postgres.createDatabase("repository_faults"), postgres.username(),
				RunningRepositoryApp.closedPortUrl("jdbc:postgresql://127.0.0.1:PORT/postgres?connectTimeout=2"));
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
	}

	@Override
	RunningRepositoryApp app() {
		return app;
	}

	@Override
	String dbSystem() {
		return "postgresql";
	}

	@Override
	void causeTimeout(RepositoryTestApplication.ItemRepository items) {
		items.slowWithStatementTimeout();
	}

	@Override
	String timeoutPath() {
		return "/faults/timeout?postgres=true";
	}

	@Test
	void stoppedServerIsConnectionErrorAndRecovers() throws Exception {
		long id = items().create("outage");
		postgres.stopServer();
		try {
			Throwable error = catchThrowable(() -> items().findName(id));
			assertThat(error).isInstanceOf(AdapterConnectionError.class);
			assertProblem(app().send("GET", "/items/" + id), 503, "connection");
		}
		finally {
			postgres.startServer();
		}
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(30))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(items().findName(id)).isEqualTo("outage"));
	}

}
