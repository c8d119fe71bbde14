package dev.openframe.telemetry.repository;

import org.jspecify.annotations.Nullable;

/**
 * Any other failure of the data store behind an adapter.
 */
public class AdapterQueryError extends AdapterError {

	/**
	 * Creates the error.
	 * @param adapter name of the adapter, such as {@code item}
	 * @param operation name of the operation, such as {@code findById}
	 * @param cause the original exception, if any
	 */
	public AdapterQueryError(String adapter, String operation, @Nullable Throwable cause) {
		super(adapter, operation, cause);
	}

	@Override
	public AdapterErrorKind kind() {
		return AdapterErrorKind.QUERY;
	}

}
