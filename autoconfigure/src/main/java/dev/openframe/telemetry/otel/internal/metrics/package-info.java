/**
 * Micrometer's meters read as OpenTelemetry metric data for OTLP export, so each is recorded once.
 * Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.otel.internal.metrics;

import org.jspecify.annotations.NullMarked;
