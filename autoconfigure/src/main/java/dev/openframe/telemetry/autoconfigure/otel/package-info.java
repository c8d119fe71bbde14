/**
 * Auto-configuration of the OpenTelemetry SDK and its OTLP export.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.otel;

import org.jspecify.annotations.NullMarked;
