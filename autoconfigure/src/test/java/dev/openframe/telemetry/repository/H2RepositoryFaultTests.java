package dev.openframe.telemetry.repository;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Real faults on an embedded H2 database.
 */
class H2RepositoryFaultTests extends AbstractRepositoryFaultTests {

	private static RunningRepositoryApp app;

	@BeforeAll
	static void start() throws Exception {
		app = RunningRepositoryApp.start("jdbc:h2:mem:faults;DB_CLOSE_DELAY=-1", "sa",
				RunningRepositoryApp.closedPortUrl("jdbc:h2:tcp://127.0.0.1:PORT/mem:nothing"));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Override
	RunningRepositoryApp app() {
		return app;
	}

	@Override
	String dbSystem() {
		return "h2";
	}

	@Override
	void causeTimeout(RepositoryTestApplication.ItemRepository items) {
		items.slowWithQueryTimeout();
	}

	@Override
	String timeoutPath() {
		return "/faults/timeout?postgres=false";
	}

}
