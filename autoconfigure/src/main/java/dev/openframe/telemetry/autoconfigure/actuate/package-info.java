/**
 * Auto-configuration of actuator parts: the telemetry health contributor and endpoint exposure.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
