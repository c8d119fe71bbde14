package dev.openframe.telemetry.load.minimal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Repository;

/**
 * Items in a map: the repository call costs next to nothing, so the variants differ only in what
 * their instrumentation adds.
 */
@Repository
public class MinimalItemRepository {

	private final Map<Long, MinimalItem> items = new ConcurrentHashMap<>();

	public MinimalItemRepository() {
		for (long id = 1; id <= 3; id++) {
			this.items.put(id, new MinimalItem(id, "item " + id));
		}
	}

	public MinimalItem findById(long id) {
		MinimalItem item = this.items.get(id);
		if (item == null) {
			throw new IllegalArgumentException("No item " + id);
		}
		return item;
	}

}
