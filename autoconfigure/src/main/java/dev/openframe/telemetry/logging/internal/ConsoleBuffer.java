package dev.openframe.telemetry.logging.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Collects the bytes a console appender writes and hands them to the console in one write when
 * drained, when full, after an event marked urgent, or when closed, instead of one write (one
 * system call) per event. The appender writes whole events, so lines are never split. Closing
 * drains but leaves the console open.
 */
final class ConsoleBuffer extends OutputStream {

	static final int CAPACITY = 64 * 1024;

	/** Set for the event this thread is about to write when it must not wait in the buffer. */
	private static final ThreadLocal<Boolean> urgent = new ThreadLocal<>();

	private final OutputStream console;

	private final byte[] buffer = new byte[CAPACITY];

	private int count;

	ConsoleBuffer(OutputStream console) {
		this.console = console;
	}

	/** The stream this buffer writes to. */
	OutputStream console() {
		return this.console;
	}

	@Override
	public synchronized void write(int b) throws IOException {
		if (this.count == CAPACITY) {
			drain();
		}
		this.buffer[this.count++] = (byte) b;
	}

	@Override
	public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
		// Taken here whichever way the event goes, so that it never applies to a later one.
		boolean drainAfter = urgent.get() != null;
		if (drainAfter) {
			urgent.remove();
		}
		if (length > CAPACITY - this.count) {
			drain();
			if (length >= CAPACITY) {
				this.console.write(bytes, offset, length);
				this.console.flush();
				return;
			}
		}
		System.arraycopy(bytes, offset, this.buffer, this.count, length);
		this.count += length;
		if (drainAfter) {
			drain();
		}
	}

	/** Has the next event this thread writes drained at once, with everything before it. */
	static void markUrgent() {
		urgent.set(Boolean.TRUE);
	}

	/** Writes out what is buffered. */
	synchronized void drain() throws IOException {
		int length = this.count;
		// Emptied first: if the console fails, the same bytes are not written again and again.
		this.count = 0;
		if (length > 0) {
			this.console.write(this.buffer, 0, length);
		}
		this.console.flush();
	}

	/** Does nothing: the appender flushes after every event, which is what this buffer saves. */
	@Override
	public void flush() {
	}

	@Override
	public void close() throws IOException {
		drain();
	}

}
