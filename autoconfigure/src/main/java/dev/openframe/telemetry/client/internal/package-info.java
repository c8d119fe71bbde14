/**
 * Internals of the outgoing-call instrumentation (RestClient, RestTemplate, WebClient): client spans
 * and what travels with each call. Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.client.internal;

import org.jspecify.annotations.NullMarked;
