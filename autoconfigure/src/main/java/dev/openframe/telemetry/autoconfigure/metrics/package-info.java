/**
 * Auto-configuration of the metrics side: Prometheus exposure, meter conventions and the export
 * counters.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
