package dev.openframe.telemetry.kafka.internal;

import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Spring Kafka reports a listener's exception wrapped in {@link ListenerExecutionFailedException};
 * the span and {@code error.type} name the listener's own exception.
 */
final class ListenerFailures {

	private ListenerFailures() {
	}

	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while (current instanceof ListenerExecutionFailedException && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

}
