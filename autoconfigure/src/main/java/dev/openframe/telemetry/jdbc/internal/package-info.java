/**
 * Internals of the SQL statement spans: the post-processor that instruments {@code DataSource}
 * beans, the OpenTelemetry JDBC instrumentation it sets up and the
 * {@code db.client.operation.duration} timer. Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.jdbc.internal;

import org.jspecify.annotations.NullMarked;
