/**
 * Servlet request telemetry: the filter, session ids, request metrics and the request log event,
 * and propagation to outgoing calls.
 */
@NullMarked
package dev.openframe.telemetry.web;

import org.jspecify.annotations.NullMarked;
