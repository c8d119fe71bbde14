package dev.openframe.telemetry.repository.internal;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.stream.Stream;

import dev.openframe.telemetry.repository.AdapterConflictError;
import dev.openframe.telemetry.repository.AdapterConnectionError;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterInvalidDataError;
import dev.openframe.telemetry.repository.AdapterNotFoundError;
import dev.openframe.telemetry.repository.AdapterQueryError;
import dev.openframe.telemetry.repository.AdapterTimeoutError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TypeMismatchDataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in mapper chain on the exceptions drivers and Spring throw: SQLState first, then
 * Spring's types, then any data-access failure as a query error. The same chain runs against
 * real H2 and PostgreSQL failures in {@code AbstractRepositoryFaultTests}.
 */
class DefaultAdapterErrorMappersTests {

	private final AdapterErrorTranslator translator = new AdapterErrorTranslator(DefaultAdapterErrorMappers.all());

	static Stream<Arguments> failures() {
		return Stream.of(
				// SQLState classes, whoever wraps the SQLException.
				Arguments.of(sql("value too long", "22001"), AdapterInvalidDataError.class),
				Arguments.of(new DataIntegrityViolationException("spring", sql("bad number", "22018")),
						AdapterInvalidDataError.class),
				Arguments.of(sql("duplicate key", "23505"), AdapterConflictError.class),
				Arguments.of(new RuntimeException("pool", sql("unique", "23000")), AdapterConflictError.class),
				Arguments.of(sql("canceling statement", "57014"), AdapterTimeoutError.class),
				Arguments.of(sql("connection refused", "08001"), AdapterConnectionError.class),
				// JDBC 4 subclasses without a SQLState.
				Arguments.of(new SQLTimeoutException("timeout"), AdapterTimeoutError.class),
				Arguments.of(new SQLTransientConnectionException("gone"), AdapterConnectionError.class),
				Arguments.of(new SQLDataException("bad data"), AdapterInvalidDataError.class),
				Arguments.of(new SQLIntegrityConstraintViolationException("constraint"), AdapterConflictError.class),
				// Spring's types when no SQLState decided.
				Arguments.of(new EmptyResultDataAccessException(1), AdapterNotFoundError.class),
				Arguments.of(new DuplicateKeyException("duplicate"), AdapterConflictError.class),
				Arguments.of(new DataIntegrityViolationException("integrity"), AdapterConflictError.class),
				Arguments.of(new TypeMismatchDataAccessException("type"), AdapterInvalidDataError.class),
				Arguments.of(new QueryTimeoutException("timeout"), AdapterTimeoutError.class),
				Arguments.of(new CannotGetJdbcConnectionException("no connection"), AdapterConnectionError.class),
				Arguments.of(new CannotCreateTransactionException("no transaction"), AdapterConnectionError.class),
				// Anything else from the data layer is a query error.
				Arguments.of(new BadSqlGrammarException("select", "selec 1", sql("syntax", "42601")),
						AdapterQueryError.class),
				Arguments.of(sql("unknown", "XX000"), AdapterQueryError.class),
				Arguments.of(new SQLException("no state"), AdapterQueryError.class));
	}

	@ParameterizedTest
	@MethodSource("failures")
	void mapsDataAccessFailureToItsAdapterError(Throwable failure, Class<? extends AdapterError> expected) {
		AdapterError error = this.translator.translate(failure, "item", "findById");
		assertThat(error).isExactlyInstanceOf(expected);
		assertThat(error.getCause()).isSameAs(failure);
		assertThat(error.adapter()).isEqualTo("item");
		assertThat(error.operation()).isEqualTo("findById");
	}

	@Test
	void leavesBusinessExceptionsAlone() {
		assertThat(this.translator.translate(new IllegalArgumentException("no"), "item", "save")).isNull();
		assertThat(this.translator.translate(new IllegalStateException("state", new RuntimeException()), "item",
				"save"))
			.isNull();
	}

	@Test
	void passesTheAdaptersOwnErrorThrough() {
		AdapterError own = new AdapterNotFoundError("item", "findById", new RuntimeException("missing"));
		assertThat(this.translator.translate(own, "other", "other")).isSameAs(own);
	}

	@Test
	void stopsLookingBeyondTheCauseDepthLimit() {
		Throwable failure = sql("duplicate key", "23505");
		for (int i = 0; i < DefaultAdapterErrorMappers.MAX_CAUSE_DEPTH; i++) {
			failure = new RuntimeException("wrapper " + i, failure);
		}
		assertThat(this.translator.translate(failure, "item", "save")).isNull();
	}

	@Test
	void firstMapperThatAnswersWins() {
		AdapterErrorTranslator custom = new AdapterErrorTranslator(
				List.of((failure, adapter, operation) -> (failure instanceof IllegalStateException)
						? new AdapterConflictError(adapter, operation, failure) : null,
						(failure, adapter, operation) -> new AdapterQueryError(adapter, operation, failure)));
		assertThat(custom.translate(new IllegalStateException(), "a", "b")).isInstanceOf(AdapterConflictError.class);
		assertThat(custom.translate(new IllegalArgumentException(), "a", "b")).isInstanceOf(AdapterQueryError.class);
	}

	private static SQLException sql(String message, String state) {
		return new SQLException(message, state);
	}

}
