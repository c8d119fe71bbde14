package dev.openframe.telemetry.repository;

/**
 * A Spring Data repository fragment: {@link RepositoryTestApplication.ItemDataRepository}
 * extends it, Spring Data finds {@link StockFragmentImpl} by name and calls it through the
 * repository's proxy.
 */
interface StockFragment {

	int stockOf(String sku);

}
