/**
 * Auto-configuration of the Kafka instrumentation.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.kafka;

import org.jspecify.annotations.NullMarked;
