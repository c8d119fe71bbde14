/**
 * The servlet request filter, {@link dev.openframe.telemetry.web.TelemetryFilter}: API, for an application
 * that registers it itself. Its workings live in {@code web.internal}.
 */
@NullMarked
package dev.openframe.telemetry.web;

import org.jspecify.annotations.NullMarked;
