/**
 * Internals of the spans of work that does not start with an HTTP request: scheduled runs,
 * {@code @Async} and asynchronous {@code @EventListener} executions, {@code @Retryable} calls
 * and their attempts, {@code @WithSpan} methods, the trace context carried into application
 * executors, and the trace ids put into every log event. Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.tasks.internal;

import org.jspecify.annotations.NullMarked;
