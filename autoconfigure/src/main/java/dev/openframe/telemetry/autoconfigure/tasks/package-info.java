/**
 * Auto-configuration of spans and trace ids for work that does not start with an HTTP request:
 * scheduled, asynchronous, retried and {@code @WithSpan} methods, and log correlation.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.tasks;

import org.jspecify.annotations.NullMarked;
