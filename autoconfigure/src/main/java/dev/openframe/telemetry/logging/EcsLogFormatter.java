package dev.openframe.telemetry.logging;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.openframe.telemetry.logging.internal.ContextMembers;
import dev.openframe.telemetry.logging.internal.InstantText;
import dev.openframe.telemetry.logging.internal.JsonText;
import dev.openframe.telemetry.logging.internal.NamedValues;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * Writes the same ECS JSON lines as Spring Boot's {@code ecs} structured log format, several
 * times cheaper per event. Choose it with
 * {@code logging.structured.format.console=dev.openframe.telemetry.logging.EcsLogFormatter} (or
 * {@code .file=}). It honours {@code logging.structured.ecs.service.*},
 * {@code logging.structured.json.context.*} and {@code logging.structured.json.stacktrace.*};
 * the member customizations ({@code logging.structured.json.include}, {@code exclude},
 * {@code rename}, {@code add}, {@code customizer}) stop start-up with a message, as it does not
 * apply them. Where Spring Boot's formatter drops a whole event (a context key that clashes with
 * an ECS member or with another key), this one drops only the clashing key.
 */
public final class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private static final String JSON_PREFIX = "logging.structured.json.";

	/** The member customizations it does not apply, each as Spring Boot binds it. */
	private static final Map<String, Bindable<?>> UNSUPPORTED = Map.of("include", Bindable.setOf(String.class),
			"exclude", Bindable.setOf(String.class), "customizer", Bindable.setOf(String.class), "rename",
			Bindable.mapOf(String.class, String.class), "add", Bindable.mapOf(String.class, String.class));

	private static final int MAX_KEPT_BUFFER = 16 * 1024;

	private static final ThreadLocal<Buffer> buffers = ThreadLocal.withInitial(Buffer::new);

	private final @Nullable StackTracePrinter stackTracePrinter;

	private final ThrowableProxyConverter throwableProxyConverter;

	private final String processStart;

	private final String service;

	private final ContextMembers context;

	private final InstantText timestamps = new InstantText();

	/**
	 * Creates the formatter; Spring Boot's structured logging calls this with what it has.
	 * @param environment the environment the service and context settings come from
	 * @param stackTracePrinter the printer {@code logging.structured.json.stacktrace.*} set up,
	 * or {@code null} for Logback's own
	 * @param throwableProxyConverter Logback's stack trace writer
	 */
	public EcsLogFormatter(Environment environment, @Nullable StackTracePrinter stackTracePrinter,
			ThrowableProxyConverter throwableProxyConverter) {
		rejectUnsupported(Binder.get(environment));
		this.stackTracePrinter = stackTracePrinter;
		this.throwableProxyConverter = throwableProxyConverter;
		Long pid = environment.getProperty("spring.application.pid", Long.class);
		this.processStart = (pid != null) ? "\"process\":{\"pid\":" + pid + ",\"thread\":{\"name\":"
				: "\"process\":{\"thread\":{\"name\":";
		this.service = service(ElasticCommonSchemaProperties.get(environment).service());
		this.context = new ContextMembers(
				environment.getProperty(JSON_PREFIX + "context.include", Boolean.class, Boolean.TRUE),
				environment.getProperty(JSON_PREFIX + "context.prefix", ""));
	}

	private static void rejectUnsupported(Binder binder) {
		for (Map.Entry<String, Bindable<?>> unsupported : UNSUPPORTED.entrySet()) {
			String property = JSON_PREFIX + unsupported.getKey();
			if (binder.bind(property, unsupported.getValue()).isBound()) {
				throw new IllegalStateException("'" + property + "' is not supported by " + EcsLogFormatter.class.getName()
						+ "; remove it or use Spring Boot's 'ecs' format");
			}
		}
	}

	private static String service(ElasticCommonSchemaProperties.Service service) {
		StringBuilder json = new StringBuilder("\"service\":{");
		JsonText.optionalMember(json, "name", service.name());
		JsonText.optionalMember(json, "version", service.version());
		JsonText.optionalMember(json, "environment", service.environment());
		JsonText.comma(json).append("\"node\":{");
		JsonText.optionalMember(json, "name", service.nodeName());
		return json.append("}}").toString();
	}

	@Override
	public String format(ILoggingEvent event) {
		Buffer buffer = buffers.get();
		if (buffer.busy) {
			// A value's toString() logged on this thread while this one is being written.
			StringBuilder json = new StringBuilder(1024);
			write(event, json, new NamedValues(16));
			return json.toString();
		}
		buffer.busy = true;
		try {
			StringBuilder json = buffer.text;
			json.setLength(0);
			write(event, json, buffer.pairs);
			return json.toString();
		}
		finally {
			buffer.busy = false;
			if (buffer.text.capacity() > MAX_KEPT_BUFFER) {
				buffer.text = new StringBuilder(1024);
			}
		}
	}

	private void write(ILoggingEvent event, StringBuilder json, NamedValues pairs) {
		json.append("{\"@timestamp\":\"");
		this.timestamps.append(json, event.getInstant());
		json.append("\",\"log\":{\"level\":\"")
			.append(event.getLevel())
			.append("\",\"logger\":");
		JsonText.string(json, event.getLoggerName());
		json.append("},").append(this.processStart);
		JsonText.string(json, event.getThreadName());
		json.append("}},").append(this.service).append(",\"message\":");
		JsonText.string(json, event.getFormattedMessage());
		this.context.write(json, event.getMDCPropertyMap(), event.getKeyValuePairs(), pairs);
		IThrowableProxy throwable = event.getThrowableProxy();
		if (throwable != null) {
			json.append(",\"error\":{\"type\":");
			JsonText.string(json, throwable.getClassName());
			json.append(",\"message\":");
			JsonText.string(json, throwable.getMessage());
			json.append(",\"stack_trace\":");
			JsonText.string(json, stackTrace(event, throwable));
			json.append('}');
		}
		writeTags(json, event.getMarkerList());
		json.append(",\"ecs\":{\"version\":\"8.11\"}}\n");
	}

	private String stackTrace(ILoggingEvent event, IThrowableProxy throwable) {
		if (this.stackTracePrinter != null && throwable instanceof ThrowableProxy proxy) {
			return this.stackTracePrinter.printStackTraceToString(proxy.getThrowable());
		}
		return this.throwableProxyConverter.convert(event);
	}

	private static void writeTags(StringBuilder json, @Nullable List<Marker> markers) {
		if (markers == null || markers.isEmpty()) {
			return;
		}
		Set<String> names = new TreeSet<>();
		addMarkerNames(names, markers.iterator());
		json.append(",\"tags\":");
		JsonText.value(json, names);
	}

	private static void addMarkerNames(Set<String> names, Iterator<Marker> markers) {
		while (markers.hasNext()) {
			Marker marker = markers.next();
			names.add(marker.getName());
			if (marker.hasReferences()) {
				addMarkerNames(names, marker.iterator());
			}
		}
	}

	/** A thread's reusable text buffer and context pairs, and whether they are in use. */
	private static final class Buffer {

		private StringBuilder text = new StringBuilder(1024);

		private final NamedValues pairs = new NamedValues(16);

		private boolean busy;

	}

}
