package dev.openframe.telemetry.repository.internal;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

import dev.openframe.telemetry.repository.AdapterConflictError;
import dev.openframe.telemetry.repository.AdapterConnectionError;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorMapper;
import dev.openframe.telemetry.repository.AdapterInvalidDataError;
import dev.openframe.telemetry.repository.AdapterNotFoundError;
import dev.openframe.telemetry.repository.AdapterQueryError;
import dev.openframe.telemetry.repository.AdapterTimeoutError;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The built-in mappers, in the order they run: SQLState of any {@link SQLException} in the cause
 * chain (the most precise signal, whoever wrapped it: Spring, Hikari or the driver), then Spring's
 * data-access exception types, then JPA's not-found exceptions, then any remaining
 * {@code DataAccessException} or {@link SQLException} as a query error. Spring's types are only
 * looked at when {@code spring-tx} is on the class path: this class never loads them itself, so
 * repositories of applications without it are traced all the same.
 */
public final class DefaultAdapterErrorMappers {

	static final int MAX_CAUSE_DEPTH = 16;

	private static final boolean SPRING_TX_PRESENT = ClassUtils.isPresent(
			"org.springframework.dao.DataAccessException", DefaultAdapterErrorMappers.class.getClassLoader());

	private DefaultAdapterErrorMappers() {
	}

	/**
	 * The built-in chain.
	 * @return the mappers, in order
	 */
	public static List<AdapterErrorMapper> all() {
		List<AdapterErrorMapper> mappers = new ArrayList<>(4);
		mappers.add(DefaultAdapterErrorMappers::bySqlState);
		if (SPRING_TX_PRESENT) {
			mappers.add(DataAccessExceptionMappers.bySpringType());
		}
		mappers.add(DefaultAdapterErrorMappers::byJpaType);
		mappers.add(DefaultAdapterErrorMappers::anyDataAccessFailure);
		return List.copyOf(mappers);
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
			if (cause instanceof SQLException sql) {
				AdapterError error = bySqlState(sql, failure, adapter, operation);
				if (error != null) {
					return error;
				}
			}
		}
		return null;
	}

	private static @Nullable AdapterError bySqlState(SQLException sql, Throwable failure, String adapter,
			String operation) {
		String state = sql.getSQLState();
		if (state == null) {
			// No SQLState: JDBC 4's subclasses still tell the class.
			if (sql instanceof SQLDataException) {
				return new AdapterInvalidDataError(adapter, operation, failure);
			}
			if (sql instanceof SQLIntegrityConstraintViolationException) {
				return new AdapterConflictError(adapter, operation, failure);
			}
			return null;
		}
		if (state.startsWith("22")) {
			// Data exception: too long, bad number, bad date. Spring reports it as a
			// DataIntegrityViolationException, but nothing conflicts.
			return new AdapterInvalidDataError(adapter, operation, failure);
		}
		if (state.startsWith("23")) {
			return new AdapterConflictError(adapter, operation, failure);
		}
		if (state.equals("57014")) {
			return new AdapterTimeoutError(adapter, operation, failure);
		}
		if (state.startsWith("08")) {
			return new AdapterConnectionError(adapter, operation, failure);
		}
		return null;
	}

	static @Nullable AdapterError byJpaType(Throwable failure, String adapter, String operation) {
		// By name: JPA is optional. Spring wraps EntityNotFoundException in a DataAccessException.
		if (isJpaNotFound(failure) || (failure.getCause() != null
				&& failure.getCause().getClass().getName().equals("jakarta.persistence.EntityNotFoundException"))) {
			return new AdapterNotFoundError(adapter, operation, failure);
		}
		return null;
	}

	private static boolean isJpaNotFound(Throwable failure) {
		String name = failure.getClass().getName();
		return name.equals("jakarta.persistence.EntityNotFoundException")
				|| name.equals("jakarta.persistence.NoResultException");
	}

	static @Nullable AdapterError anyDataAccessFailure(Throwable failure, String adapter, String operation) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLException
					|| (SPRING_TX_PRESENT && DataAccessExceptionMappers.isDataAccessException(cause))) {
				return new AdapterQueryError(adapter, operation, failure);
			}
		}
		return null;
	}

}
