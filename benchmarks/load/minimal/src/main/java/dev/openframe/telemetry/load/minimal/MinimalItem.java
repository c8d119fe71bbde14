package dev.openframe.telemetry.load.minimal;

/**
 * An item of the minimal application.
 *
 * @param id its id
 * @param name its name
 */
public record MinimalItem(long id, String name) {
}
