package dev.openframe.telemetry.repository;

import org.jspecify.annotations.Nullable;

/**
 * A failure of a data adapter ({@code @Repository}), in one small stable hierarchy whatever the
 * driver or Spring exception behind it, which stays available as the cause. Names the adapter
 * (such as {@code item}) and the operation (such as {@code findById}).
 */
public abstract class AdapterError extends RuntimeException {

	private final String adapter;

	private final String operation;

	protected AdapterError(String adapter, String operation, @Nullable Throwable cause) {
		super(null, cause);
		this.adapter = adapter;
		this.operation = operation;
	}

	/**
	 * The kind of failure.
	 * @return its kind
	 */
	public abstract AdapterErrorKind kind();

	/**
	 * Name of the adapter that failed.
	 * @return such as {@code item}
	 */
	public String adapter() {
		return this.adapter;
	}

	/**
	 * Name of the operation that failed.
	 * @return such as {@code findById}
	 */
	public String operation() {
		return this.operation;
	}

	@Override
	public String getMessage() {
		return this.adapter + "." + this.operation + " failed: " + kind().outcome();
	}

}
