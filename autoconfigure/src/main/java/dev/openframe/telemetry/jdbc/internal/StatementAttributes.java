package dev.openframe.telemetry.jdbc.internal;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.opentelemetry.instrumentation.jdbc.internal.DbRequest;
import io.opentelemetry.semconv.DbAttributes;
import org.jspecify.annotations.Nullable;

/**
 * What the starter adds to the instrumentation's attributes: {@code db.response.status_code}, the
 * SQLState, on failure.
 */
final class StatementAttributes implements AttributesExtractor<DbRequest, Void> {

	@Override
	public void onStart(AttributesBuilder attributes, Context parentContext, DbRequest request) {
		// Nothing is known before the statement runs.
	}

	@Override
	public void onEnd(AttributesBuilder attributes, Context context, DbRequest request, @Nullable Void response,
			@Nullable Throwable error) {
		String sqlState = StatementAttributesGetter.sqlState(error);
		if (sqlState != null) {
			attributes.put(DbAttributes.DB_RESPONSE_STATUS_CODE, sqlState);
		}
	}

}
