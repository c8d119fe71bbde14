package dev.openframe.telemetry.jdbc;

import java.net.http.HttpResponse;
import java.util.HexFormat;

import dev.openframe.telemetry.repository.AdapterConflictError;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.Advised;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * SQL statement spans of a Spring Data JPA repository on Hibernate and H2, in one application. Runs
 * in its own Surefire execution, the only one with Hibernate on the class path.
 */
class JpaStatementSpanTests {

	private static final String TRACE_ID = "5af92f3577b34da6a3ce929d0e0e4737";

	private static RunningJdbcApp app;

	@BeforeAll
	static void start() {
		app = RunningJdbcApp.start(JpaTestApplication.class,
				"jdbc:h2:mem:jpa;DB_CLOSE_DELAY=-1;DATABASE_TO_UPPER=FALSE", "sa");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	private JpaTestApplication.ItemRepository items() {
		return app.bean(JpaTestApplication.ItemRepository.class);
	}

	@Test
	void hibernateStatementIsChildOfRepositorySpanUnderServerSpan() throws Exception {
		long id = items().save(new JpaTestApplication.Item("jpa-traced")).getId();
		HttpResponse<String> response = app.get("/items/" + id, "traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("jpa-traced");
		Span server = app.awaitSpan((span) -> inTrace(span) && span.getName().equals("GET /items/{id}"));
		Span repository = app.awaitSpan((span) -> inTrace(span) && span.getName().equals("repository.item.findById"));
		Span statement = app.awaitSpan((span) -> inTrace(span) && span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(repository.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(statement.getParentSpanId()).isEqualTo(repository.getSpanId());
		assertThat(statement.getName()).isEqualTo("SELECT item");
		assertThat(attribute(statement.getAttributesList(), "db.system.name")).isEqualTo("h2database");
		assertThat(attribute(statement.getAttributesList(), "db.query.text")).contains("from item").contains("=?");
		// One span per statement: the DataSource that Hibernate uses is wrapped once.
		assertThat(app.receiver().spans()).filteredOn(JpaStatementSpanTests::inTrace)
			.filteredOn((span) -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
			.hasSize(1);
	}

	@Test
	void dataSourceThatHibernateUsesIsWrappedOnce() {
		Object dataSource = app.bean(javax.sql.DataSource.class);
		assertThat(dataSource).isInstanceOf(Advised.class);
		assertThat(((Advised) dataSource).getAdvisors()).hasSize(1);
		assertThat(((Advised) dataSource).getTargetSource().getTargetClass())
			.isEqualTo(com.zaxxer.hikari.HikariDataSource.class);
	}

	@Test
	void failingHibernateStatementMapsToAdapterErrorAndMarksItsSpan() {
		String name = "jpa-duplicate-literal-5150";
		items().saveAndFlush(new JpaTestApplication.Item(name));
		Throwable error = catchThrowable(() -> items().saveAndFlush(new JpaTestApplication.Item(name)));
		assertThat(error).isInstanceOf(AdapterConflictError.class);
		Span repository = app.awaitSpan((span) -> span.getName().equals("repository.item.saveAndFlush")
				&& "conflict".equals(attribute(span.getAttributesList(), "adapter.outcome")));
		Span statement = app.awaitSpan((span) -> span.getParentSpanId().equals(repository.getSpanId())
				&& span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(statement.getName()).isEqualTo("INSERT item");
		assertThat(attribute(statement.getAttributesList(), "error.type")).isEqualTo("23505");
		assertThat(repository.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(app.receiver().spans()).allSatisfy((span) -> assertThat(span.toString()).doesNotContain(name));
	}

	private static boolean inTrace(Span span) {
		return TRACE_ID.equals(HexFormat.of().formatHex(span.getTraceId().toByteArray()));
	}

}
