/**
 * Structured logging: a fast writer of Spring Boot's ECS JSON format.
 */
@NullMarked
package dev.openframe.telemetry.logging;

import org.jspecify.annotations.NullMarked;
