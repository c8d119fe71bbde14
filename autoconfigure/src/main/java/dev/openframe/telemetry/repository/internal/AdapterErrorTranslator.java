package dev.openframe.telemetry.repository.internal;

import java.util.List;

import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorMapper;
import org.jspecify.annotations.Nullable;

/**
 * Runs a chain of {@link AdapterErrorMapper}s. An {@link AdapterError} thrown by the adapter
 * itself passes through untouched, as does any failure no mapper claims (business exceptions,
 * {@code IllegalArgumentException}).
 */
public final class AdapterErrorTranslator {

	private final List<AdapterErrorMapper> mappers;

	/**
	 * Creates a translator.
	 * @param mappers the chain, in order
	 */
	public AdapterErrorTranslator(List<AdapterErrorMapper> mappers) {
		this.mappers = List.copyOf(mappers);
	}

	/**
	 * Translates a failure.
	 * @param failure what the repository threw
	 * @param adapter adapter name
	 * @param operation operation name
	 * @return the adapter error, or {@code null} when the failure is not a data-access failure
	 */
	public @Nullable AdapterError translate(Throwable failure, String adapter, String operation) {
		if (failure instanceof AdapterError error) {
			return error;
		}
		for (AdapterErrorMapper mapper : this.mappers) {
			AdapterError error = mapper.map(failure, adapter, operation);
			if (error != null) {
				return error;
			}
		}
		return null;
	}

}
