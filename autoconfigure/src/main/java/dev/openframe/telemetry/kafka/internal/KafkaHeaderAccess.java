package dev.openframe.telemetry.kafka.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes propagation fields as Kafka record headers (UTF-8 values). A header written
 * replaces every earlier header of the same name, because Spring Kafka's dead-letter recoverer
 * copies the failed record's headers: the stale trace context must not travel on beside the new one.
 */
enum KafkaHeaderAccess implements TextMapGetter<Headers>, TextMapSetter<Headers> {

	INSTANCE;

	@Override
	public Iterable<String> keys(Headers headers) {
		List<String> keys = new ArrayList<>();
		for (Header header : headers) {
			keys.add(header.key());
		}
		return keys;
	}

	@Override
	public @Nullable String get(@Nullable Headers headers, String key) {
		return (headers != null) ? lastValue(headers, key) : null;
	}

	@Override
	public void set(@Nullable Headers headers, String key, String value) {
		if (headers != null) {
			headers.remove(key);
			headers.add(key, value.getBytes(StandardCharsets.UTF_8));
		}
	}

	static @Nullable String lastValue(Headers headers, String key) {
		Header header = headers.lastHeader(key);
		if (header == null || header.value() == null) {
			return null;
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	}

}
