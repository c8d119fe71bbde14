package dev.openframe.telemetry.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a repository's adapter (the entity in span names, metric tags and errors) instead of the
 * name derived from its type, such as {@code item} for {@code ItemRepository}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AdapterName {

	/**
	 * The adapter name.
	 * @return such as {@code catalog-item}
	 */
	String value();

}
