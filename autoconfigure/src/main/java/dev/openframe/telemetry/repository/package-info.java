/**
 * Repository telemetry: the {@code AdapterError} hierarchy, the mapping of data-access failures
 * onto it, the tracing proxy around {@code @Repository} beans, and problem responses.
 */
@NullMarked
package dev.openframe.telemetry.repository;

import org.jspecify.annotations.NullMarked;
