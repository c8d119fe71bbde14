package dev.openframe.telemetry.autoconfigure.metrics;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Keeps exemplars of OpenMetrics scrapes where OpenMetrics 1.0 allows them (histogram buckets,
 * counter totals) unless {@code openframe.telemetry.metrics.exemplars-on-count} asks for them on
 * {@code _count} lines too. Micrometer's {@code PrometheusConfig} turns the Prometheus client's
 * {@code io.prometheus.exporter.exemplarsOnAllMetricTypes} on, which puts exemplars on summary and
 * histogram {@code _count} lines that Prometheus servers older than 2.43 reject, failing the
 * whole scrape. The value joins Spring Boot's default properties as
 * {@code management.prometheus.metrics.export.properties.*}, which Boot adds to Micrometer's, and
 * only when the application sets that Prometheus client property in none of its spellings.
 */
final class PrometheusExemplarsPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTIES_PREFIX = "management.prometheus.metrics.export.properties";

	/** Spelt as Micrometer spells it, so that Boot's merge replaces Micrometer's value. */
	static final String EXEMPLARS_PROPERTY = PROPERTIES_PREFIX + ".io.prometheus.exporter.exemplarsOnAllMetricTypes";

	static final String EXEMPLARS_ON_COUNT = "openframe.telemetry.metrics.exemplars-on-count";

	/** The client property with case, '_' and '-' dropped, as its loader treats them alike. */
	private static final String CLIENT_KEY = "io.prometheus.exporter.exemplarsonallmetrictypes";

	private static final String PROMETHEUS_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Binder binder = Binder.get(environment);
		if (!binder.bind("openframe.telemetry.enabled", Boolean.class).orElse(true)
				|| !ClassUtils.isPresent(PROMETHEUS_REGISTRY, application.getClassLoader())
				|| setByApplication(binder)) {
			return;
		}
		boolean onCount = binder.bind(EXEMPLARS_ON_COUNT, Boolean.class).orElse(false);
		DefaultPropertiesPropertySource.addOrMerge(Map.of(EXEMPLARS_PROPERTY, String.valueOf(onCount)),
				environment.getPropertySources());
	}

	private static boolean setByApplication(Binder binder) {
		return binder.bind(PROPERTIES_PREFIX, Bindable.mapOf(String.class, String.class))
			.map((properties) -> properties.keySet().stream().anyMatch(PrometheusExemplarsPostProcessor::isClientKey))
			.orElse(false);
	}

	private static boolean isClientKey(String key) {
		return key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT).equals(CLIENT_KEY);
	}

}
