package dev.openframe.telemetry.autoconfigure.tasks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the spans of scheduled, asynchronous, retried and {@code @WithSpan} work and
 * of log correlation outside requests, under {@code openframe.telemetry.tasks}.
 */
@ConfigurationProperties("openframe.telemetry.tasks")
public class TaskTelemetryProperties {

	/**
	 * Whether work that does not start with an HTTP request gets spans and trace ids in its logs;
	 * each kind of work below has its own switch as well.
	 */
	private boolean enabled = true;

	private final Scheduled scheduled = new Scheduled();

	private final Async async = new Async();

	private final Retry retry = new Retry();

	private final WithSpan withSpan = new WithSpan();

	private final LogCorrelation logCorrelation = new LogCorrelation();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Scheduled getScheduled() {
		return this.scheduled;
	}

	public Async getAsync() {
		return this.async;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public WithSpan getWithSpan() {
		return this.withSpan;
	}

	public LogCorrelation getLogCorrelation() {
		return this.logCorrelation;
	}

	/** Switch of one kind of work. */
	public static class Scheduled {

		/**
		 * Whether each run of a '@Scheduled' method gets a root span.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Switch of one kind of work. */
	public static class Async {

		/**
		 * Whether '@Async' methods and '@EventListener' methods run on an executor get a span per
		 * execution, and the application's own executors carry the trace context into their tasks.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Switch of one kind of work. */
	public static class Retry {

		/**
		 * Whether a '@Retryable' call gets a span, with a child span per attempt.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Switch of one kind of work. */
	public static class WithSpan {

		/**
		 * Whether methods annotated with OpenTelemetry's '@WithSpan' get a span, with their
		 * '@SpanAttribute' arguments as attributes.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/** Switch of one kind of work. */
	public static class LogCorrelation {

		/**
		 * Whether every log event written while a span is current carries 'trace_id' and 'span_id'
		 * in its MDC.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
