/**
 * JMH benchmarks of the per-request and per-call costs of openframe-telemetry.
 */
package dev.openframe.telemetry.benchmarks;
