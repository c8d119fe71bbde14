/**
 * The {@code AdapterError} hierarchy, {@code AdapterErrorMapper} and {@code @AdapterName}: API that
 * applications catch, extend and annotate. The proxy that throws them lives in {@code repository.internal}.
 */
@NullMarked
package dev.openframe.telemetry.repository;

import org.jspecify.annotations.NullMarked;
