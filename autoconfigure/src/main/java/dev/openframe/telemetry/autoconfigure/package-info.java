/**
 * Auto-configuration shared by every feature: the master switch, the OTEL_* variable mapping and
 * the failure analysis of bad settings. Each feature's wiring lives in a sub-package.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure;

import org.jspecify.annotations.NullMarked;
