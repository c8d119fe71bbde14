/**
 * Internals of the ECS writer and the console buffer: JSON text, layouts, timestamps.
 * Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.logging.internal;

import org.jspecify.annotations.NullMarked;
