package dev.openframe.telemetry.repository.internal;

import dev.openframe.telemetry.repository.AdapterQueryError;

import dev.openframe.telemetry.repository.AdapterConflictError;
import dev.openframe.telemetry.repository.AdapterConnectionError;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorMapper;
import dev.openframe.telemetry.repository.AdapterNotFoundError;
import dev.openframe.telemetry.repository.AdapterTimeoutError;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * The built-in mappers, in the order they run: SQLState of any {@link SQLException} in the cause
 * chain (the most precise signal, whoever wrapped it: Spring, Hikari or the driver), then Spring's
 * data-access exception types, then JPA's not-found exceptions, then any remaining
 * {@link DataAccessException} or {@link SQLException} as a query error.
 */
public final class DefaultAdapterErrorMappers {

	private static final int MAX_CAUSE_DEPTH = 16;

	private DefaultAdapterErrorMappers() {
	}

	/**
	 * The built-in chain.
	 * @return the mappers, in order
	 */
	public static List<AdapterErrorMapper> all() {
		return List.of(DefaultAdapterErrorMappers::bySqlState, DefaultAdapterErrorMappers::bySpringType,
				DefaultAdapterErrorMappers::byJpaType, DefaultAdapterErrorMappers::anyDataAccessFailure);
	}

	static @Nullable AdapterError bySqlState(Throwable failure, String adapter, String operation) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLTimeoutException) {
				return new AdapterTimeoutError(adapter, operation, failure);
			}
			if (cause instanceof SQLTransientConnectionException) {
				return new AdapterConnectionError(adapter, operation, failure);
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				if (state.startsWith("23")) {
					return new AdapterConflictError(adapter, operation, failure);
				}
				if (state.equals("57014")) {
					return new AdapterTimeoutError(adapter, operation, failure);
				}
				if (state.startsWith("08")) {
					return new AdapterConnectionError(adapter, operation, failure);
				}
			}
		}
		return null;
	}

	static @Nullable AdapterError bySpringType(Throwable failure, String adapter, String operation) {
		if (failure instanceof EmptyResultDataAccessException) {
			return new AdapterNotFoundError(adapter, operation, failure);
		}
		if (failure instanceof DataIntegrityViolationException) {
			// Includes DuplicateKeyException.
			return new AdapterConflictError(adapter, operation, failure);
		}
		if (failure instanceof QueryTimeoutException) {
			return new AdapterTimeoutError(adapter, operation, failure);
		}
		if (failure instanceof DataAccessResourceFailureException
				|| failure instanceof TransientDataAccessResourceException
				|| isCannotCreateTransaction(failure)) {
			// Includes CannotGetJdbcConnectionException.
			return new AdapterConnectionError(adapter, operation, failure);
		}
		return null;
	}

	static @Nullable AdapterError byJpaType(Throwable failure, String adapter, String operation) {
		String name = failure.getClass().getName();
		if (name.equals("jakarta.persistence.EntityNotFoundException")
				|| name.equals("jakarta.persistence.NoResultException")
				|| (failure instanceof DataAccessException && failure.getCause() != null
						&& failure.getCause().getClass().getName().equals("jakarta.persistence.EntityNotFoundException"))) {
			return new AdapterNotFoundError(adapter, operation, failure);
		}
		return null;
	}

	static @Nullable AdapterError anyDataAccessFailure(Throwable failure, String adapter, String operation) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof DataAccessException || cause instanceof SQLException) {
				return new AdapterQueryError(adapter, operation, failure);
			}
		}
		return null;
	}

	private static boolean isCannotCreateTransaction(Throwable failure) {
		return failure.getClass().getName().equals("org.springframework.transaction.CannotCreateTransactionException");
	}

}
