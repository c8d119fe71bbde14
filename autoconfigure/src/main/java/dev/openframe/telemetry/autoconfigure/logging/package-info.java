/**
 * Auto-configuration of console logging: buffered writes to the console.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.logging;

import org.jspecify.annotations.NullMarked;
