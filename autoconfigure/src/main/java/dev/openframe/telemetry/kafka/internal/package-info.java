/**
 * Internals of the Kafka instrumentation: the producer wrapper, the listener interceptors, header
 * access and the messaging metrics. Not API: may change in any release.
 */
@NullMarked
package dev.openframe.telemetry.kafka.internal;

import org.jspecify.annotations.NullMarked;
