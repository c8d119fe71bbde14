/**
 * Runtime parts around the OpenTelemetry SDK: resource, export statistics and health, the Logback
 * appender, context propagation into tasks. Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.otel.internal;

import org.jspecify.annotations.NullMarked;
