/**
 * Micrometer conventions that keep {@code /actuator/prometheus} clean for Prometheus' own linter,
 * and the cap on the starter's meters' tag combinations.
 */
@NullMarked
package dev.openframe.telemetry.metrics;

import org.jspecify.annotations.NullMarked;
