package dev.openframe.telemetry.repository;

import org.springframework.stereotype.Repository;

/**
 * The fragment's implementation, annotated {@code @Repository} as applications often do: a
 * second traced proxy behind the Spring Data repository's own.
 */
@Repository
class StockFragmentImpl implements StockFragment {

	@Override
	public int stockOf(String sku) {
		return sku.length();
	}

}
