/**
 * Reads Micrometer meters into the OpenTelemetry SDK's metric export.
 */
@NullMarked
package dev.openframe.telemetry.otel.metrics;

import org.jspecify.annotations.NullMarked;
