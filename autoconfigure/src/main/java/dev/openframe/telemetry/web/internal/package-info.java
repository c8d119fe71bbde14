/**
 * Internals of the servlet request filter: per-request state, metrics, log event, session ids.
 * Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.web.internal;

import org.jspecify.annotations.NullMarked;
