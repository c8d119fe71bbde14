package dev.openframe.telemetry.repository.internal;

import dev.openframe.telemetry.repository.AdapterConflictError;
import dev.openframe.telemetry.repository.AdapterConnectionError;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorMapper;
import dev.openframe.telemetry.repository.AdapterInvalidDataError;
import dev.openframe.telemetry.repository.AdapterNotFoundError;
import dev.openframe.telemetry.repository.AdapterTimeoutError;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.TypeMismatchDataAccessException;

/**
 * The mapping of Spring's data-access exception types: the only class that refers to
 * {@code spring-tx}, loaded only when it is on the class path.
 */
final class DataAccessExceptionMappers {

	private DataAccessExceptionMappers() {
	}

	static AdapterErrorMapper bySpringType() {
		return DataAccessExceptionMappers::bySpringType;
	}

	static boolean isDataAccessException(Throwable failure) {
		return failure instanceof DataAccessException;
	}

	/** Used when no SQLState in the cause chain decided: the exception type is all there is. */
	static @Nullable AdapterError bySpringType(Throwable failure, String adapter, String operation) {
		if (failure instanceof EmptyResultDataAccessException) {
			return new AdapterNotFoundError(adapter, operation, failure);
		}
		if (failure instanceof TypeMismatchDataAccessException) {
			return new AdapterInvalidDataError(adapter, operation, failure);
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
				|| failure.getClass().getName().equals("org.springframework.transaction.CannotCreateTransactionException")) {
			// Includes CannotGetJdbcConnectionException.
			return new AdapterConnectionError(adapter, operation, failure);
		}
		return null;
	}

}
