package dev.openframe.telemetry.sample;

/**
 * Announces item changes to whoever listens; a no-op unless the 'kafka' profile is active.
 */
public interface ItemEvents {

	/** Name of the event published when an item is created. */
	String ITEM_CREATED = "item.created";

	/**
	 * Announces a new item.
	 * @param item the item just created
	 */
	void created(Item item);

}
