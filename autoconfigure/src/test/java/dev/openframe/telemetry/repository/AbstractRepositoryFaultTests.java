package dev.openframe.telemetry.repository;

import java.net.http.HttpResponse;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One real fault of each kind against a real database: each arrives as the right
 * {@link AdapterError} with its cause, the right span status and metric outcome, and through a
 * controller as the right problem response, without any SQL or driver text.
 */
abstract class AbstractRepositoryFaultTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	abstract RunningRepositoryApp app();

	abstract String dbSystem();

	abstract void causeTimeout(RepositoryTestApplication.ItemRepository items);

	abstract String timeoutPath();

	RepositoryTestApplication.ItemRepository items() {
		return app().bean(RepositoryTestApplication.ItemRepository.class);
	}

	@Test
	void missingRowIsNotFound() throws Exception {
		Throwable error = catchThrowable(() -> items().findName(987_654));
		assertThat(error).isInstanceOf(AdapterNotFoundError.class);
		AdapterError adapterError = (AdapterError) error;
		assertThat(adapterError.adapter()).isEqualTo("item");
		assertThat(adapterError.operation()).isEqualTo("findName");
		assertThat(error.getCause()).isInstanceOf(DataAccessException.class);
		Span span = app().awaitSpan("repository.item.findName",
				(candidate) -> "not_found".equals(attribute(candidate.getAttributesList(), "adapter.outcome")));
		assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
		assertThat(attribute(span.getAttributesList(), "db.system")).isEqualTo(dbSystem());
		assertThat(attribute(span.getAttributesList(), "code.function")).isEqualTo("findName");
		assertThat(app().count("findName", "not_found")).isPositive();
		assertProblem(app().send("GET", "/items/987654", "x-session-id", "fault-session"), 404, "not-found");
	}

	@Test
	void uniqueKeyViolationIsConflict() throws Exception {
		String name = "dup-" + dbSystem();
		items().create(name);
		Throwable error = catchThrowable(() -> items().create(name));
		assertThat(error).isInstanceOf(AdapterConflictError.class);
		assertThat(error.getCause()).isInstanceOf(DataAccessException.class);
		assertErrorSpan("repository.item.create", "conflict");
		assertThat(app().count("create", "conflict")).isPositive();
		assertProblem(app().send("POST", "/items?name=" + name), 409, "conflict");
	}

	@Test
	void valueTooLongForItsColumnIsInvalidData() throws Exception {
		String name = "long-" + "x".repeat(120);
		Throwable error = catchThrowable(() -> items().create(name));
		assertInvalidData(error, "create");
		HttpResponse<String> response = app().send("POST", "/items?name=" + name);
		assertProblem(response, 422, "invalid-data");
		assertThat(response.body()).doesNotContain("xxxx");
	}

	@Test
	void textThatIsNoNumberIsInvalidData() throws Exception {
		assertInvalidData(catchThrowable(() -> items().parseNumber("twelve")), "parseNumber");
		HttpResponse<String> response = app().send("GET", "/faults/number?value=twelve");
		assertProblem(response, 422, "invalid-data");
		assertThat(response.body()).doesNotContain("twelve", "integer");
	}

	@Test
	void impossibleDateIsInvalidData() throws Exception {
		assertInvalidData(catchThrowable(() -> items().parseDate("2024-02-30")), "parseDate");
		HttpResponse<String> response = app().send("GET", "/faults/date?value=2024-02-30");
		assertProblem(response, 422, "invalid-data");
		assertThat(response.body()).doesNotContain("2024-02-30", "02-30");
	}

	private void assertInvalidData(Throwable error, String operation) {
		assertThat(error).isInstanceOf(AdapterInvalidDataError.class);
		assertThat(((AdapterError) error).kind().outcome()).isEqualTo("invalid_data");
		// Spring reports SQLState class 22 as a DataIntegrityViolationException, the cause kept.
		assertThat(error.getCause()).isInstanceOf(DataAccessException.class);
		assertErrorSpan("repository.item." + operation, "invalid_data");
		assertThat(app().count(operation, "invalid_data")).isPositive();
	}

	@Test
	void statementTimeoutIsTimeout() throws Exception {
		Throwable error = catchThrowable(() -> causeTimeout(items()));
		assertThat(error).isInstanceOf(AdapterTimeoutError.class);
		assertThat(error.getCause()).isNotNull();
		assertThat(app().count(((AdapterError) error).operation(), "timeout")).isPositive();
		assertProblem(app().send("GET", timeoutPath()), 504, "timeout");
	}

	@Test
	void unreachableServerIsConnectionError() throws Exception {
		Throwable error = catchThrowable(() -> items().fromUnreachableServer());
		assertThat(error).isInstanceOf(AdapterConnectionError.class);
		assertErrorSpan("repository.item.fromUnreachableServer", "connection");
		assertThat(app().count("fromUnreachableServer", "connection")).isPositive();
		assertProblem(app().send("GET", "/faults/connection"), 503, "connection");
	}

	@Test
	void badSqlIsQueryError() throws Exception {
		Throwable error = catchThrowable(() -> items().badSql());
		assertThat(error).isInstanceOf(AdapterQueryError.class);
		assertThat(error.getCause()).isInstanceOf(DataAccessException.class);
		assertErrorSpan("repository.item.badSql", "query");
		assertThat(app().count("badSql", "query")).isPositive();
		HttpResponse<String> response = app().send("GET", "/faults/query");
		assertProblem(response, 500, "query");
	}

	@Test
	void successIsTracedAndMeasured() {
		long id = items().create("ok-" + dbSystem());
		assertThat(items().findName(id)).isEqualTo("ok-" + dbSystem());
		Span span = app().awaitSpan("repository.item.findName",
				(candidate) -> "success".equals(attribute(candidate.getAttributesList(), "adapter.outcome")));
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
		assertThat(app().count("findName", "success")).isPositive();
	}

	void assertErrorSpan(String name, String outcome) {
		Span span = app().awaitSpan(name,
				(candidate) -> outcome.equals(attribute(candidate.getAttributesList(), "adapter.outcome")));
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		// OpenTelemetry's error.type: the fully qualified class name of what the caller got.
		assertThat(attribute(span.getAttributesList(), "error.type"))
			.startsWith(AdapterError.class.getPackageName() + ".Adapter")
			.endsWith("Error");
		assertThat(span.getEventsList()).anySatisfy((event) -> assertThat(event.getName()).isEqualTo("exception"));
	}

	static void assertProblem(HttpResponse<String> response, int status, String type) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("application/problem+json"));
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asText()).isEqualTo("urn:openframe:problem:" + type);
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asText()).isNotBlank();
		assertThat(problem.path("traceId").asText()).hasSize(32);
		assertThat(problem.path("sessionId").asText()).isNotBlank();
		// Only the fields of the problem, none of the cause: no SQL, table, column or driver text.
		assertThat(problem.propertyNames()).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance",
				"sessionId", "traceId");
		assertThat(response.body().toLowerCase()).doesNotContain("select", "insert", "no_such_table", "secret_column",
				"name", "unique", "duplicate", "constraint", "sqlstate", "org.", "exception", "jdbc", "cancel",
				"postgres", "h2", "connection refused");
	}

}
