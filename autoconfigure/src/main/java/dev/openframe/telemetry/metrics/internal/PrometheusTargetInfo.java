package dev.openframe.telemetry.metrics.internal;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Publishes the OpenTelemetry resource at {@code /actuator/prometheus} as the info metric
 * {@code target_info}, one label per resource attribute (dots made underscores), as the
 * OpenTelemetry-to-Prometheus conventions do: a Prometheus user joins it to any series on the
 * labels the scrape adds ({@code job}, {@code instance}) to get {@code service_instance_id},
 * {@code k8s_pod_name} and the rest. It goes straight into Prometheus's registry, not through
 * Micrometer, so it is not exported a second time over OTLP, where the resource already is.
 */
public final class PrometheusTargetInfo implements InitializingBean, DisposableBean {

	private final PrometheusRegistry registry;

	private final Info info;

	private final String[] values;

	/**
	 * Creates the metric.
	 * @param registry the registry Spring Boot's Prometheus endpoint scrapes
	 * @param resource the resource every signal carries
	 */
	public PrometheusTargetInfo(PrometheusRegistry registry, Resource resource) {
		this.registry = registry;
		List<String> names = new ArrayList<>();
		List<String> values = new ArrayList<>();
		resource.getAttributes().forEach((key, value) -> {
			String name = key.getKey().replaceAll("[^a-zA-Z0-9_]", "_");
			if (!names.contains(name)) {
				names.add(name);
				values.add(String.valueOf(value));
			}
		});
		this.info = Info.builder()
			.name("target_info")
			.help("Target metadata: the OpenTelemetry resource of this service")
			.labelNames(names.toArray(String[]::new))
			.build();
		this.values = values.toArray(String[]::new);
	}

	@Override
	public void afterPropertiesSet() {
		this.info.setLabelValues(this.values);
		this.registry.register(this.info);
	}

	@Override
	public void destroy() {
		this.registry.unregister(this.info);
	}

}
