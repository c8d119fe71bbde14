/**
 * Auto-configuration of the 'telemetry' health contributor, which reports export state per signal.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
