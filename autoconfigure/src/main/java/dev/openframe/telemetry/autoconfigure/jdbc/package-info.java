/**
 * Auto-configuration of the SQL statement spans and the {@code db.client.operation.duration}
 * timer, around every {@code DataSource} bean.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
