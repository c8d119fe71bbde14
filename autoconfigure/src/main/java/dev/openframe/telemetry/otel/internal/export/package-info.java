/**
 * OTLP transport: the HTTP sender on HttpURLConnection, level-1 gzip, and the flush at shutdown.
 * Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.otel.internal.export;

import org.jspecify.annotations.NullMarked;
