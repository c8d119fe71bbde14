/**
 * Meters and meter filters the starter adds to Micrometer so that scrapes follow Prometheus' rules.
 * Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.metrics.internal;

import org.jspecify.annotations.NullMarked;
