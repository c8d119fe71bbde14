package dev.openframe.telemetry.jdbc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.zaxxer.hikari.HikariDataSource;
import dev.openframe.telemetry.repository.AdapterConflictError;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterTimeoutError;
import dev.openframe.telemetry.testsupport.PrometheusText;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.junit.jupiter.api.Test;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * SQL statement spans against a real database: where they sit in the trace, what they carry,
 * failures, batches, re-used statements, and what never leaves the process.
 */
abstract class AbstractStatementSpanTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	abstract RunningJdbcApp app();

	/** @return the expected {@code db.system.name} */
	abstract String dbSystemName();

	/** @return the class the driver throws on a unique constraint violation */
	abstract String constraintViolationType();

	abstract void causeTimeout(JdbcTestApplication.ItemRepository items);

	/** Asserts what the statement span says of the server it went to. */
	abstract void assertServerAttributes(List<KeyValue> attributes);

	JdbcTestApplication.ItemRepository items() {
		return app().bean(JdbcTestApplication.ItemRepository.class);
	}

	@Test
	void statementSpanIsChildOfRepositorySpanUnderServerSpan() throws Exception {
		long id = items().create("traced-" + dbSystemName());
		HttpResponse<String> response = app().get("/items/" + id, "traceparent",
				"00-" + TRACE_ID + "-00f067aa0ba902b7-01");
		assertThat(response.statusCode()).isEqualTo(200);
		Span server = app().awaitSpan((span) -> inTrace(span) && span.getName().equals("GET /items/{id}"));
		Span repository = app()
			.awaitSpan((span) -> inTrace(span) && span.getName().equals("repository.item.findName"));
		Span statement = app().awaitSpan((span) -> inTrace(span) && span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(repository.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(statement.getParentSpanId()).isEqualTo(repository.getSpanId());
		assertThat(statement.getName()).isEqualTo("SELECT item");
		List<KeyValue> attributes = statement.getAttributesList();
		assertThat(attribute(attributes, "db.system.name")).isEqualTo(dbSystemName());
		assertThat(attribute(attributes, "db.namespace")).isNotBlank();
		assertThat(attribute(attributes, "db.query.summary")).isEqualTo("SELECT item");
		assertThat(attribute(attributes, "db.query.text"))
			.isEqualTo("SELECT name FROM item WHERE id = ? AND name <> ?");
		assertServerAttributes(attributes);
		assertThat(statement.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
	}

	@Test
	void constraintViolationMarksStatementSpanWithSqlState() {
		String name = "dup-" + dbSystemName();
		items().create(name);
		Throwable error = catchThrowable(() -> items().create(name));
		assertThat(error).isInstanceOf(AdapterConflictError.class);
		Span repository = app().awaitSpan((span) -> span.getName().equals("repository.item.create")
				&& "conflict".equals(attribute(span.getAttributesList(), "adapter.outcome")));
		Span statement = app().awaitSpan((span) -> span.getParentSpanId().equals(repository.getSpanId())
				&& span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(statement.getName()).isEqualTo("INSERT item");
		assertThat(attribute(statement.getAttributesList(), "error.type")).isEqualTo("23505");
		assertThat(attribute(statement.getAttributesList(), "db.response.status_code")).isEqualTo("23505");
		assertThat(repository.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
	}

	@Test
	void failedStatementKeepsTheDriverMessageAndItsLiteralsOutOfTheExport() {
		String literal = "distinctive-literal-7391-" + dbSystemName();
		items().create(literal);
		io.opentelemetry.api.trace.Span test = app().bean(OpenTelemetry.class)
			.getTracer("test")
			.spanBuilder("duplicate")
			.startSpan();
		Throwable error;
		try (Scope scope = test.makeCurrent()) {
			error = catchThrowable(() -> items().create(literal));
		}
		finally {
			test.end();
		}
		assertThat(error).isInstanceOf(AdapterConflictError.class);
		// The driver quotes the value: without redaction it would be exported.
		assertThat(stackTrace(error)).contains(literal);
		String traceId = test.getSpanContext().getTraceId();
		Span repository = app().awaitSpan((span) -> inTrace(span, traceId)
				&& span.getName().equals("repository.item.create"));
		Span statement = app().awaitSpan((span) -> inTrace(span, traceId)
				&& span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR
				&& span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT);
		app().awaitSpan((span) -> inTrace(span, traceId) && span.getName().equals("duplicate"));
		assertThat(app().receiver().spans()).allSatisfy((span) -> assertThat(strings(span))
			.noneMatch((text) -> text.contains(literal)));
		assertThat(statement.getEventsList()).singleElement().satisfies((event) -> {
			assertThat(event.getName()).isEqualTo("exception");
			assertThat(attribute(event.getAttributesList(), "exception.type")).isEqualTo(constraintViolationType());
			assertThat(attribute(event.getAttributesList(), "db.response.status_code")).isEqualTo("23505");
			assertThat(attribute(event.getAttributesList(), "exception.message")).isNull();
			assertThat(attribute(event.getAttributesList(), "exception.stacktrace"))
				.startsWith(constraintViolationType() + "\n\tat ");
		});
		assertThat(statement.getStatus().getMessage()).isEmpty();
		assertThat(repository.getEventsList()).singleElement().satisfies((event) -> {
			assertThat(attribute(event.getAttributesList(), "exception.type"))
				.isEqualTo(AdapterConflictError.class.getName());
			assertThat(attribute(event.getAttributesList(), "exception.message"))
				.isEqualTo("item.create failed: conflict");
			assertThat(attribute(event.getAttributesList(), "exception.stacktrace"))
				.contains("Caused by: org.springframework.dao.DuplicateKeyException\n")
				.contains("Caused by: " + constraintViolationType() + "\n");
		});
	}

	private static String stackTrace(Throwable error) {
		StringWriter text = new StringWriter();
		error.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	private static boolean inTrace(Span span, String traceId) {
		return traceId.equals(HexFormat.of().formatHex(span.getTraceId().toByteArray()));
	}

	@Test
	void timeoutMarksStatementSpanWithSqlState() {
		Throwable error = catchThrowable(() -> causeTimeout(items()));
		assertThat(error).isInstanceOf(AdapterTimeoutError.class);
		String operation = ((AdapterError) error).operation();
		Span repository = app().awaitSpan((span) -> span.getName().equals("repository.item." + operation)
				&& "timeout".equals(attribute(span.getAttributesList(), "adapter.outcome")));
		Span statement = app().awaitSpan((span) -> span.getParentSpanId().equals(repository.getSpanId())
				&& span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(statement.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		assertThat(attribute(statement.getAttributesList(), "error.type")).isEqualTo("57014");
		assertThat(attribute(statement.getAttributesList(), "db.response.status_code")).isEqualTo("57014");
	}

	@Test
	void preparedStatementBatchIsOneSpanWithItsSize() {
		items().createAll("batch-" + dbSystemName());
		Span statement = app().awaitSpan((span) -> "3".equals(attribute(span.getAttributesList(),
				"db.operation.batch.size")));
		assertThat(statement.getName()).isEqualTo("BATCH INSERT item");
		assertThat(attribute(statement.getAttributesList(), "db.query.text"))
			.isEqualTo("INSERT INTO item (name) VALUES (?)");
	}

	@Test
	void statementBatchIsOneSpanWithEveryTextSanitized() {
		String prefix = "pair-" + dbSystemName();
		items().create(prefix + "a");
		items().create(prefix + "b");
		items().renameBoth(prefix);
		Span statement = app().awaitSpan((span) -> "2".equals(attribute(span.getAttributesList(),
				"db.operation.batch.size")));
		assertThat(attribute(statement.getAttributesList(), "db.query.text"))
			.isEqualTo("UPDATE item SET name = ? WHERE name = ?; DELETE FROM item WHERE name = ? OR name = ?");
		// Different operations in one batch: the conventions name it after the batch alone.
		assertThat(statement.getName()).isEqualTo("BATCH");
		assertThat(statement.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
	}

	@Test
	void reusedPreparedStatementGetsASpanPerExecution() throws Exception {
		long first = items().create("reuse-1-" + dbSystemName());
		long second = items().create("reuse-2-" + dbSystemName());
		assertThat(items().findNamesReusingStatement(first, second)).hasSize(2);
		List<Span> spans = app().awaitSpans((span) -> span.getParentSpanId()
			.equals(repositorySpanId("findNamesReusingStatement")), 2);
		assertThat(spans).hasSize(2)
			.allSatisfy((span) -> assertThat(attribute(span.getAttributesList(), "db.query.text"))
				.isEqualTo("SELECT name FROM item WHERE id = ?"));
	}

	@Test
	void springDataRepositoryStatementsAreTraced() {
		long id = items().create("data-" + dbSystemName());
		assertThat(app().bean(JdbcTestApplication.ItemDataRepository.class).findById(id)).isPresent();
		Span statement = app().awaitSpan((span) -> span.getParentSpanId().equals(repositorySpanId("findById")));
		assertThat(statement.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
		// Spring Data quotes its identifiers; the span name keeps them as written.
		assertThat(statement.getName()).isEqualTo("SELECT \"item\"");
	}

	@Test
	void noLiteralReachesTheExporter() throws Exception {
		long id = items().create("quiet-" + dbSystemName());
		assertThat(items().findName(id)).isEqualTo("quiet-" + dbSystemName());
		items().countOthers();
		String prefix = "hush-" + dbSystemName();
		items().create(prefix + "a");
		items().create(prefix + "b");
		items().renameBoth(prefix);
		app().awaitSpan((span) -> "2".equals(attribute(span.getAttributesList(), "db.operation.batch.size")));
		app().awaitSpan((span) -> Objects.equals(attribute(span.getAttributesList(), "db.query.text"),
				"SELECT COUNT(*) FROM item WHERE name <> ? AND id > ?"));
		await().untilAsserted(() -> assertThat(app().receiver().metrics())
			.anyMatch((metric) -> metric.getName().equals("db.client.operation.duration")));
		// Every string a span carries: name, attributes, events, links, status.
		assertThat(app().receiver().spans()).isNotEmpty()
			.allSatisfy((span) -> assertThat(strings(span)).noneMatch(
					(text) -> text.contains(JdbcTestApplication.SECRET) || text.contains("4242")));
		assertThat(app().receiver().metrics()).allSatisfy((metric) -> assertThat(strings(metric))
			.noneMatch((text) -> text.contains(JdbcTestApplication.SECRET)));
		assertThat(app().receiver().logRecords()).allSatisfy((log) -> assertThat(strings(log))
			.noneMatch((text) -> text.contains(JdbcTestApplication.SECRET)));
	}

	/** The text fields of an exported message, ids (bytes) left out. */
	private static List<String> strings(Message message) {
		List<String> strings = new ArrayList<>();
		message.getAllFields().forEach((field, value) -> collect(field, value, strings));
		return strings;
	}

	private static void collect(FieldDescriptor field, Object value, List<String> strings) {
		if (field.isRepeated()) {
			((List<?>) value).forEach((item) -> collectOne(item, strings));
		}
		else {
			collectOne(value, strings);
		}
	}

	private static void collectOne(Object value, List<String> strings) {
		if (value instanceof Message nested) {
			strings.addAll(strings(nested));
		}
		else if (value instanceof String text) {
			strings.add(text);
		}
	}

	@Test
	void durationIsRecordedOnceThroughMicrometer() throws Exception {
		long id = items().create("measured-" + dbSystemName());
		items().findName(id);
		PrometheusText scrape = PrometheusText.parse(app().get("/actuator/prometheus").body());
		List<PrometheusText.Sample> buckets = scrape.samples("db_client_operation_duration_seconds_bucket");
		assertThat(buckets).anySatisfy((sample) -> {
			assertThat(sample.labels()).containsAllEntriesOf(Map.of("db_system_name", dbSystemName(),
					"db_operation_name", "SELECT", "db_collection_name", "item", "error_type", "none"));
			assertThat(sample.value()).isPositive();
		});
		assertThat(buckets).extracting((sample) -> sample.labels().get("le"))
			.contains("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0");
		// One series per tag set: the instrumentation's own histogram is not recorded beside it.
		await().untilAsserted(() -> assertThat(app().receiver().metrics())
			.filteredOn((metric) -> metric.getName().equals("db.client.operation.duration"))
			.isNotEmpty());
		assertThat(app().receiver().metrics()).filteredOn((metric) -> metric.getName().startsWith("db.client"))
			.extracting(Metric::getName)
			.containsOnly("db.client.operation.duration");
		assertThat(app().receiver().metrics()).filteredOn((metric) -> metric.getName().equals(
				"db.client.operation.duration"))
			.allSatisfy((metric) -> assertThat(metric.getHistogram().getDataPointsList())
				.allSatisfy((point) -> assertThat(point.getAttributesList()).extracting(KeyValue::getKey)
					.containsExactlyInAnyOrder("db.system.name", "db.operation.name", "db.collection.name",
							"error.type")));
	}

	@Test
	void hikariKeepsItsTypeAndItsPoolMetrics() throws Exception {
		assertThat(app().bean(DataSource.class)).isInstanceOf(HikariDataSource.class);
		assertThat(app().bean(HikariDataSource.class).getHikariPoolMXBean()).isNotNull();
		PrometheusText scrape = PrometheusText.parse(app().get("/actuator/prometheus").body());
		assertThat(scrape.samples("hikaricp_connections")).isNotEmpty();
	}

	@Test
	void poolConnectionTestsMakeNoSpans() throws Exception {
		long id = items().create("probe-" + dbSystemName());
		items().findName(id);
		app().awaitSpan((span) -> span.getName().equals("repository.item.findName"));
		assertThat(app().receiver().spans()).noneSatisfy((span) -> assertThat(span.toString()).contains("hikari_"));
	}

	private static boolean inTrace(Span span) {
		return TRACE_ID.equals(HexFormat.of().formatHex(span.getTraceId().toByteArray()));
	}

	private ByteString repositorySpanId(String operation) {
		return app().awaitSpan((span) -> span.getName().endsWith("." + operation)
				&& span.getName().startsWith("repository.")).getSpanId();
	}

}
