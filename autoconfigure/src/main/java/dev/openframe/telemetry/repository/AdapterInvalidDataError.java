package dev.openframe.telemetry.repository;

import org.jspecify.annotations.Nullable;

/**
 * The data store rejected a value an adapter was given: too long for its column, not a number,
 * not a date (SQLState class 22, data exception).
 */
public class AdapterInvalidDataError extends AdapterError {

	/**
	 * Creates the error.
	 * @param adapter name of the adapter, such as {@code item}
	 * @param operation name of the operation, such as {@code create}
	 * @param cause the original exception, if any
	 */
	public AdapterInvalidDataError(String adapter, String operation, @Nullable Throwable cause) {
		super(adapter, operation, cause);
	}

	@Override
	public AdapterErrorKind kind() {
		return AdapterErrorKind.INVALID_DATA;
	}

}
