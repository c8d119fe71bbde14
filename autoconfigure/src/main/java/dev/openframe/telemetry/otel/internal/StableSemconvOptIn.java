package dev.openframe.telemetry.otel.internal;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Opts OpenTelemetry's instrumentation libraries into the stable database conventions
 * ({@code db.system.name}, {@code db.query.text}, {@code db.namespace}, span names such as
 * {@code SELECT item}): their release line that matches Spring Boot's SDK still emits the old
 * ones unless {@code otel.semconv-stability.opt-in} names {@code database}. They read the setting
 * once, when their first instrumentation starts, so this must run before any of them does; values
 * the user set (system property or {@code OTEL_SEMCONV_STABILITY_OPT_IN}) are kept.
 */
public final class StableSemconvOptIn {

	/** The system property the instrumentation libraries read. */
	static final String PROPERTY = "otel.semconv-stability.opt-in";

	private StableSemconvOptIn() {
	}

	/** Adds {@code database} to the opt-in, unless it (or {@code database/dup}) is there. */
	public static synchronized void database() {
		String current = System.getProperty(PROPERTY);
		if (current == null) {
			current = System.getenv("OTEL_SEMCONV_STABILITY_OPT_IN");
		}
		String merged = merge(current);
		if (!merged.equals(current)) {
			System.setProperty(PROPERTY, merged);
		}
	}

	static String merge(@Nullable String current) {
		if (current == null || current.isBlank()) {
			return "database";
		}
		boolean present = Arrays.stream(current.split(","))
			.map(String::trim)
			.anyMatch((value) -> value.equals("database") || value.equals("database/dup"));
		return present ? current : current + ",database";
	}

}
