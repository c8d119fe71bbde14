package dev.openframe.telemetry.repository;

import org.jspecify.annotations.Nullable;

/**
 * The data an adapter was asked for does not exist.
 */
public class AdapterNotFoundError extends AdapterError {

	/**
	 * Creates the error.
	 * @param adapter name of the adapter, such as {@code item}
	 * @param operation name of the operation, such as {@code findById}
	 * @param cause the original exception, if any
	 */
	public AdapterNotFoundError(String adapter, String operation, @Nullable Throwable cause) {
		super(adapter, operation, cause);
	}

	@Override
	public AdapterErrorKind kind() {
		return AdapterErrorKind.NOT_FOUND;
	}

}
