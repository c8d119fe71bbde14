/**
 * Auto-configuration of servlet request telemetry and outgoing-call propagation.
 */
@NullMarked
package dev.openframe.telemetry.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
