package dev.openframe.telemetry.repository;

import org.jspecify.annotations.Nullable;

/**
 * Maps a failure of a repository call onto an {@link AdapterError}. Mappers form an ordered
 * chain: application beans of this type come first (in {@code @Order}), then the built-in
 * ones; the first non-{@code null} answer wins, and a failure no mapper claims passes through
 * unchanged.
 */
@FunctionalInterface
public interface AdapterErrorMapper {

	/**
	 * Maps a failure.
	 * @param failure what the repository threw
	 * @param adapter name of the adapter, such as {@code item}
	 * @param operation name of the operation, such as {@code findById}
	 * @return the error to throw instead, or {@code null} to let the next mapper decide
	 */
	@Nullable AdapterError map(Throwable failure, String adapter, String operation);

}
