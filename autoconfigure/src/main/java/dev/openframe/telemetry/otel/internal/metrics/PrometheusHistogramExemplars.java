package dev.openframe.telemetry.otel.internal.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.internal.exemplar.ExemplarFilterInternal;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DistributionDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The exemplars Micrometer's {@link PrometheusMeterRegistry} sampled for its timers and distribution
 * summaries (trace and span id of a sampled request, per bucket for histograms), read once per collection through the Prometheus
 * client's public snapshot model and found again by the meter's Prometheus name and labels. The
 * recording path is untouched: the Prometheus registry samples them anyway for the scrape. Only
 * loaded when Micrometer's Prometheus registry is on the class path.
 */
final class PrometheusHistogramExemplars implements HistogramExemplars {

	private final NamingConvention convention;

	private final ExemplarFilterInternal filter;

	/** Exemplars per histogram point, keyed by {@link #key(String, Labels)}. */
	private final Map<String, Exemplars> points;

	private PrometheusHistogramExemplars(NamingConvention convention, ExemplarFilterInternal filter,
			Map<String, Exemplars> points) {
		this.convention = convention;
		this.filter = filter;
		this.points = points;
	}

	/**
	 * Reads the exemplars of the Prometheus registry in or behind the given registry.
	 * @param registry the registry the producer reads
	 * @param filter which exemplars may go out
	 * @return the exemplars, or {@code null} when no Prometheus registry is found
	 */
	static @Nullable HistogramExemplars scrape(MeterRegistry registry, ExemplarFilterInternal filter) {
		PrometheusMeterRegistry prometheus = find(registry);
		if (prometheus == null) {
			return null;
		}
		Map<String, Exemplars> points = new HashMap<>();
		for (MetricSnapshot snapshot : prometheus.getPrometheusRegistry().scrape()) {
			// Timers and summaries with a histogram are histograms there, those without summaries.
			if (snapshot instanceof HistogramSnapshot || snapshot instanceof SummarySnapshot) {
				String name = snapshot.getMetadata().getPrometheusName();
				for (DataPointSnapshot point : snapshot.getDataPoints()) {
					Exemplars exemplars = ((DistributionDataPointSnapshot) point).getExemplars();
					if (exemplars.size() > 0) {
						points.put(key(name, point.getLabels()), exemplars);
					}
				}
			}
		}
		return new PrometheusHistogramExemplars(prometheus.config().namingConvention(), filter, points);
	}

	private static @Nullable PrometheusMeterRegistry find(MeterRegistry registry) {
		if (registry instanceof PrometheusMeterRegistry prometheus) {
			return prometheus;
		}
		if (registry instanceof CompositeMeterRegistry composite) {
			for (MeterRegistry member : composite.getRegistries()) {
				PrometheusMeterRegistry prometheus = find(member);
				if (prometheus != null) {
					return prometheus;
				}
			}
		}
		return null;
	}

	@Override
	public List<DoubleExemplarData> exemplars(Meter.Id id, long afterEpochNanos) {
		if (this.points.isEmpty()) {
			return List.of();
		}
		List<String> keys = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (Tag tag : id.getConventionTags(this.convention)) {
			keys.add(tag.getKey());
			values.add(tag.getValue());
		}
		Labels labels = Labels.of(keys, values);
		Exemplars sampled = this.points.get(key(PrometheusNaming.prometheusName(id.getConventionName(this.convention)), labels));
		if (sampled == null) {
			// Not in the scrape (filtered out or renamed for Prometheus): the point goes out without.
			return List.of();
		}
		List<DoubleExemplarData> result = new ArrayList<>(sampled.size());
		for (Exemplar exemplar : sampled) {
			long epochNanos = TimeUnit.MILLISECONDS.toNanos(exemplar.getTimestampMillis());
			if (!exemplar.hasTimestamp() || epochNanos > afterEpochNanos) {
				DoubleExemplarData data = convert(exemplar, epochNanos);
				if (data != null) {
					result.add(data);
				}
			}
		}
		return result;
	}

	private @Nullable DoubleExemplarData convert(Exemplar exemplar, long epochNanos) {
		String traceId = null;
		String spanId = null;
		AttributesBuilder attributes = Attributes.builder();
		for (Label label : exemplar.getLabels()) {
			if (Exemplar.TRACE_ID.equals(label.getName())) {
				traceId = label.getValue();
			}
			else if (Exemplar.SPAN_ID.equals(label.getName())) {
				spanId = label.getValue();
			}
			else {
				attributes.put(label.getName(), label.getValue());
			}
		}
		// The Prometheus sampler only samples in sampled spans, hence the flag.
		SpanContext spanContext = (traceId != null && spanId != null)
				? SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault())
				: SpanContext.getInvalid();
		Attributes filtered = attributes.build();
		// The SDK's own filter decides, as for OpenTelemetry API instruments.
		if (!this.filter.shouldSampleMeasurement(exemplar.getValue(), filtered,
				Context.root().with(Span.wrap(spanContext)))) {
			return null;
		}
		return DoubleExemplarData.create(filtered, epochNanos, spanContext, exemplar.getValue());
	}

	/** Name and labels by their Prometheus spelling, which snapshot and meter share. */
	private static String key(String name, Labels labels) {
		StringBuilder key = new StringBuilder(name);
		for (int i = 0; i < labels.size(); i++) {
			key.append('\0').append(labels.getPrometheusName(i)).append('\0').append(labels.getValue(i));
		}
		return key.toString();
	}

}
