package dev.openframe.telemetry.logging.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Names and values in the order they were added, in two growing arrays: the few context pairs of
 * a log event, or the members of one object of a {@link JsonTree}.
 */
public class NamedValues {

	String[] names;

	@Nullable Object[] values;

	int size;

	public NamedValues(int capacity) {
		this.names = new String[capacity];
		this.values = new Object[capacity];
	}

	final void add(String name, @Nullable Object value) {
		if (this.size == this.names.length) {
			this.names = Arrays.copyOf(this.names, this.size * 2);
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.names[this.size] = name;
		this.values[this.size] = value;
		this.size++;
	}

	/** Forgets every pair, and the values with them. */
	final void clear() {
		Arrays.fill(this.values, 0, this.size, null);
		this.size = 0;
	}

}
