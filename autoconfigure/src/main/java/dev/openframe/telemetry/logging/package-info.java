/**
 * {@link dev.openframe.telemetry.logging.EcsLogFormatter}, named in {@code logging.structured.format.*}:
 * API. Its JSON machinery lives in {@code logging.internal}.
 */
@NullMarked
package dev.openframe.telemetry.logging;

import org.jspecify.annotations.NullMarked;
