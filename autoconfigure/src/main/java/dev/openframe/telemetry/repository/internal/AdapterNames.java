package dev.openframe.telemetry.repository.internal;

import java.beans.Introspector;

import dev.openframe.telemetry.repository.AdapterName;

import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Derives the adapter name of a repository type: its {@link AdapterName} if annotated,
 * otherwise its simple name without a {@code Repository}, {@code RepositoryImpl}, {@code Dao}
 * or {@code Adapter} suffix, starting in lower case ({@code ItemRepository} → {@code item}).
 */
public final class AdapterNames {

	private static final String[] SUFFIXES = { "RepositoryImpl", "Repository", "DaoImpl", "Dao", "Adapter" };

	private AdapterNames() {
	}

	/**
	 * Derives the name.
	 * @param type the repository class or interface
	 * @return the adapter name
	 */
	public static String of(Class<?> type) {
		AdapterName annotation = AnnotatedElementUtils.findMergedAnnotation(type, AdapterName.class);
		if (annotation != null && !annotation.value().isBlank()) {
			return annotation.value();
		}
		String name = type.getSimpleName();
		for (String suffix : SUFFIXES) {
			if (name.endsWith(suffix) && name.length() > suffix.length()) {
				name = name.substring(0, name.length() - suffix.length());
				break;
			}
		}
		return Introspector.decapitalize(name);
	}

}
