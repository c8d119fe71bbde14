/**
 * Micrometer conventions that keep {@code /actuator/prometheus} clean for Prometheus' own linter.
 */
@NullMarked
package dev.openframe.telemetry.metrics;

import org.jspecify.annotations.NullMarked;
