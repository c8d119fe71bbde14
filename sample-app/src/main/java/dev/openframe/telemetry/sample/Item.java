package dev.openframe.telemetry.sample;

/**
 * An item of the sample service.
 *
 * @param id database id
 * @param name unique name
 */
public record Item(long id, String name) {
}
