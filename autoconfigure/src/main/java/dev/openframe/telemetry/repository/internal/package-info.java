/**
 * Internals of the repository proxy: tracing interceptor and post-processor, adapter names, the
 * built-in error mappers and the problem responses. Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.repository.internal;

import org.jspecify.annotations.NullMarked;
