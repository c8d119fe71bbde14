package dev.openframe.telemetry.logging.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.event.KeyValuePair;

/**
 * The MDC entries and key-value pairs of an event, nested at their dots as ECS wants. Events that
 * carry the same names in the same order (every request event does) share a layout worked out
 * once: the JSON text between the values, so that writing one is appending text and values. A
 * bounded number of layouts is kept; events of other shapes are laid out each time.
 */
public final class ContextMembers {

	/** Top-level members the format writes itself; a context key may not take their place. */
	private static final JsonTree RESERVED = new JsonTree(8);

	static {
		for (String name : List.of("@timestamp", "log", "process", "service", "message", "error", "tags", "ecs")) {
			RESERVED.put(name, null);
		}
	}

	/** Layouts kept at most; more shapes than this come from changing names, not from code. */
	public static final int MAX_LAYOUTS = 64;

	private final boolean include;

	private final String prefix;

	private volatile Layout[] layouts = new Layout[0];

	public ContextMembers(boolean include, String prefix) {
		this.include = include;
		this.prefix = prefix;
	}

	/**
	 * Writes the members, each after a comma.
	 * @param json where to write
	 * @param mdc the event's MDC
	 * @param keyValues the event's key-value pairs
	 * @param pairs scratch space of the calling thread, empty and not in use by anyone else; left empty
	 */
	public void write(StringBuilder json, @Nullable Map<String, String> mdc, @Nullable List<KeyValuePair> keyValues,
			NamedValues pairs) {
		boolean noMdc = mdc == null || mdc.isEmpty();
		boolean noKeyValues = keyValues == null || keyValues.isEmpty();
		if (!this.include || (noMdc && noKeyValues)) {
			return;
		}
		if (!noMdc) {
			for (Map.Entry<String, String> entry : mdc.entrySet()) {
				pairs.add(join(entry.getKey()), entry.getValue());
			}
		}
		if (!noKeyValues) {
			for (KeyValuePair pair : keyValues) {
				pairs.add(join(pair.key), pair.value);
			}
		}
		try {
			Layout layout = layout(pairs);
			if (layout != null) {
				layout.write(json, pairs.values);
			}
			else {
				tree(pairs, pairs.values).writeMembers(json, true, JsonText::value);
			}
		}
		finally {
			pairs.clear();
		}
	}

	private @Nullable Layout layout(NamedValues pairs) {
		Layout[] known = this.layouts;
		for (Layout layout : known) {
			if (layout.fits(pairs)) {
				return layout;
			}
		}
		return (known.length < MAX_LAYOUTS) ? addLayout(pairs) : null;
	}

	private synchronized @Nullable Layout addLayout(NamedValues pairs) {
		Layout[] known = this.layouts;
		for (Layout layout : known) {
			if (layout.fits(pairs)) {
				return layout;
			}
		}
		if (known.length >= MAX_LAYOUTS) {
			return null;
		}
		Layout layout = Layout.of(pairs, tree(pairs, Layout.slots(pairs.size)));
		Layout[] grown = Arrays.copyOf(known, known.length + 1);
		grown[known.length] = layout;
		this.layouts = grown;
		return layout;
	}

	/** The pairs' names nested into a tree, with the given values, clashing names left out. */
	private static JsonTree tree(NamedValues pairs, @Nullable Object[] values) {
		JsonTree root = new JsonTree(8);
		for (int i = 0; i < pairs.size; i++) {
			if (!RESERVED.containsFirstPart(pairs.names[i])) {
				root.put(pairs.names[i], values[i]);
			}
		}
		return root;
	}

	private String join(@Nullable String name) {
		String value = (name != null) ? name : "";
		if (this.prefix.isEmpty()) {
			return value;
		}
		boolean dot = !this.prefix.endsWith(".") && !value.startsWith(".");
		return dot ? this.prefix + "." + value : this.prefix + value;
	}

	/** The JSON text of one shape of members, split where the values go. */
	private static final class Layout {

		private final String[] names;

		private final String[] texts;

		private final int[] slots;

		private final String tail;

		private Layout(String[] names, String[] texts, int[] slots, String tail) {
			this.names = names;
			this.texts = texts;
			this.slots = slots;
			this.tail = tail;
		}

		/** Markers standing in for the values while the text is laid out. */
		static Slot[] slots(int size) {
			Slot[] slots = new Slot[size];
			for (int i = 0; i < size; i++) {
				slots[i] = new Slot(i);
			}
			return slots;
		}

		static Layout of(NamedValues pairs, JsonTree tree) {
			List<String> texts = new ArrayList<>();
			List<Integer> slots = new ArrayList<>();
			StringBuilder text = new StringBuilder();
			tree.writeMembers(text, true, (json, value) -> {
				texts.add(json.toString());
				slots.add(((Slot) value).index());
				json.setLength(0);
			});
			return new Layout(Arrays.copyOf(pairs.names, pairs.size), texts.toArray(String[]::new),
					slots.stream().mapToInt(Integer::intValue).toArray(), text.toString());
		}

		boolean fits(NamedValues pairs) {
			if (pairs.size != this.names.length) {
				return false;
			}
			for (int i = 0; i < pairs.size; i++) {
				String name = pairs.names[i];
				if (name != this.names[i] && !name.equals(this.names[i])) {
					return false;
				}
			}
			return true;
		}

		public void write(StringBuilder json, @Nullable Object[] values) {
			for (int i = 0; i < this.slots.length; i++) {
				json.append(this.texts[i]);
				JsonText.value(json, values[this.slots[i]]);
			}
			json.append(this.tail);
		}

	}

	/** Where the value of the pair at {@code index} goes. */
	private record Slot(int index) {

	}

}
