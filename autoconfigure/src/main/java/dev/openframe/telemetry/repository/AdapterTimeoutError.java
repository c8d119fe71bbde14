package dev.openframe.telemetry.repository;

import org.jspecify.annotations.Nullable;

/**
 * The data store behind an adapter did not answer in time.
 */
public class AdapterTimeoutError extends AdapterError {

	/**
	 * Creates the error.
	 * @param adapter name of the adapter, such as {@code item}
	 * @param operation name of the operation, such as {@code findById}
	 * @param cause the original exception, if any
	 */
	public AdapterTimeoutError(String adapter, String operation, @Nullable Throwable cause) {
		super(adapter, operation, cause);
	}

	@Override
	public AdapterErrorKind kind() {
		return AdapterErrorKind.TIMEOUT;
	}

}
