package dev.openframe.telemetry.autoconfigure;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import com.zaxxer.hikari.HikariDataSource;
import dev.openframe.telemetry.autoconfigure.otel.TelemetryProperties;
import dev.openframe.telemetry.autoconfigure.web.HttpTelemetryProperties;
import dev.openframe.telemetry.logging.EcsLogFormatter;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's runtime hints, read from {@code META-INF/spring/aot.factories} as Spring AOT
 * reads them, cover everything it reaches by reflection.
 */
class TelemetryRuntimeHintsTests {

	private final RuntimeHints hints = registeredHints();

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(TelemetryRuntimeHints.class);
	}

	@Test
	void ecsLogFormatterNamedInConfigurationCanBeInstantiated() throws Exception {
		Constructor<EcsLogFormatter> constructor = EcsLogFormatter.class.getConstructor(Environment.class,
				StackTracePrinter.class, ThrowableProxyConverter.class);
		assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor)).accepts(this.hints);
	}

	@Test
	void everySpringFactoriesEntryOfTheStarterCanBeInstantiated() throws Exception {
		Properties factories = PropertiesLoaderUtils.loadProperties(new ClassPathResource("META-INF/spring.factories"));
		List<String> classes = factories.values()
			.stream()
			.flatMap((value) -> Arrays.stream(value.toString().split(",")))
			.map(String::trim)
			.filter((name) -> name.startsWith("dev.openframe.telemetry."))
			.toList();
		assertThat(classes).hasSizeGreaterThanOrEqualTo(7);
		for (String name : classes) {
			for (Constructor<?> constructor : Class.forName(name).getDeclaredConstructors()) {
				assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(constructor)).as(name)
					.accepts(this.hints);
			}
		}
	}

	@Test
	void propertiesClassesAndTheirNestedGroupsCanBeBound() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TelemetryProperties.class, "setServiceName"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(TelemetryProperties.Otlp.class, "setEndpoint"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(TelemetryProperties.Metrics.class, "setExportInterval")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onMethodInvocation(HttpTelemetryProperties.class, "setSessionHeader")).accepts(this.hints);
	}

	@Test
	void connectionPoolUrlGetterReadByReflectionIsInvocable() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HikariDataSource.class, "getJdbcUrl"))
			.accepts(this.hints);
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		AotServices.factories()
			.load(RuntimeHintsRegistrar.class)
			.stream()
			.filter(TelemetryRuntimeHints.class::isInstance)
			.forEach((registrar) -> registrar.registerHints(hints, TelemetryRuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

}
