/**
 * OpenTelemetry SDK runtime parts: export monitoring, resource attributes and health.
 */
@NullMarked
package dev.openframe.telemetry.otel;

import org.jspecify.annotations.NullMarked;
