/**
 * Auto-configuration of repository tracing, the AdapterError mapping and problem responses.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.repository;

import org.jspecify.annotations.NullMarked;
