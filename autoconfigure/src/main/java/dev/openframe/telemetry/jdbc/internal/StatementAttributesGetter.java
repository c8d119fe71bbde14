package dev.openframe.telemetry.jdbc.internal;

import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlClientAttributesGetter;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect;
import io.opentelemetry.instrumentation.jdbc.internal.DbRequest;
import io.opentelemetry.instrumentation.jdbc.internal.JdbcAttributesGetter;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC instrumentation's own attribute getter with two differences. Every statement's text is
 * sanitized, prepared ones too: the library keeps a prepared statement's text as written, so a
 * literal written into it ({@code WHERE status = 'secret'}) would reach the exporter. And
 * {@code error.type} is the SQLState, as the database conventions ask, where the library reports
 * the vendor error code (always {@code 0} on PostgreSQL).
 */
final class StatementAttributesGetter implements SqlClientAttributesGetter<DbRequest, Void> {

	private static final int MAX_DEPTH = 16;

	private final JdbcAttributesGetter delegate = new JdbcAttributesGetter();

	@Override
	public String getDbSystemName(DbRequest request) {
		return this.delegate.getDbSystemName(request);
	}

	@Override
	public @Nullable String getDbNamespace(DbRequest request) {
		return this.delegate.getDbNamespace(request);
	}

	@Override
	public SqlDialect getSqlDialect(DbRequest request) {
		return this.delegate.getSqlDialect(request);
	}

	@Override
	public Collection<String> getRawQueryTexts(DbRequest request) {
		return this.delegate.getRawQueryTexts(request);
	}

	@Override
	public @Nullable Long getDbOperationBatchSize(DbRequest request) {
		return this.delegate.getDbOperationBatchSize(request);
	}

	@Override
	public Map<String, String> getDbQueryParameters(DbRequest request) {
		return this.delegate.getDbQueryParameters(request);
	}

	@Override
	public boolean isParameterizedQuery(DbRequest request) {
		// Sanitizing leaves the '?' placeholders alone: prepared statements lose only their literals.
		return false;
	}

	@Override
	public @Nullable String getServerAddress(DbRequest request) {
		return this.delegate.getServerAddress(request);
	}

	@Override
	public @Nullable Integer getServerPort(DbRequest request) {
		return this.delegate.getServerPort(request);
	}

	@Override
	public @Nullable String getErrorType(DbRequest request, @Nullable Void response, @Nullable Throwable error) {
		// Null falls back to the exception's class name, in the library.
		return sqlState(error);
	}

	/**
	 * The first SQLState in a failure's chain of causes and next exceptions.
	 * @param error the failure
	 * @return such as {@code 23505}, or {@code null}
	 */
	static @Nullable String sqlState(@Nullable Throwable error) {
		// Bounded: a driver's chain of causes or next exceptions could loop.
		Throwable cause = error;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				SQLException next = sql;
				for (int i = 0; next != null && i < MAX_DEPTH; i++, next = next.getNextException()) {
					String state = next.getSQLState();
					if (state != null && !state.isBlank()) {
						return state;
					}
				}
			}
		}
		return null;
	}

}
