package dev.openframe.telemetry.otel.internal.metrics;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.resources.Resource;

/**
 * Collects the points of all Micrometer meters sharing one name into one {@link MetricData}.
 */
final class MetricDataBuilder {

	static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.openframe.telemetry.micrometer");

	private final String name;

	private final String description;

	private final String unit;

	private final MetricKind kind;

	private final AggregationTemporality temporality;

	private final List<DoublePointData> values = new ArrayList<>();

	private final List<HistogramPointData> histograms = new ArrayList<>();

	MetricDataBuilder(String name, String description, String unit, MetricKind kind,
			AggregationTemporality temporality) {
		this.name = name;
		this.description = description;
		this.unit = unit;
		this.kind = kind;
		this.temporality = temporality;
	}

	void addValue(long startEpochNanos, long epochNanos, Attributes attributes, double value) {
		this.values.add(DoublePointData.create(startEpochNanos, epochNanos, attributes, value, List.of()));
	}

	void addHistogram(HistogramPointData point) {
		this.histograms.add(point);
	}

	MetricData build(Resource resource) {
		return switch (this.kind) {
			case SUM -> new SimpleMetricData(resource, MetricDataType.DOUBLE_SUM,
					SumData.createDoubleSumData(true, this.temporality, this.values));
			case GAUGE -> new SimpleMetricData(resource, MetricDataType.DOUBLE_GAUGE,
					GaugeData.createDoubleGaugeData(this.values));
			case HISTOGRAM -> new SimpleMetricData(resource, MetricDataType.HISTOGRAM,
					HistogramData.create(this.temporality, this.histograms));
		};
	}

	private final class SimpleMetricData implements MetricData {

		private final Resource resource;

		private final MetricDataType type;

		private final Data<?> data;

		SimpleMetricData(Resource resource, MetricDataType type, Data<?> data) {
			this.resource = resource;
			this.type = type;
			this.data = data;
		}

		@Override
		public Resource getResource() {
			return this.resource;
		}

		@Override
		public InstrumentationScopeInfo getInstrumentationScopeInfo() {
			return SCOPE;
		}

		@Override
		public String getName() {
			return MetricDataBuilder.this.name;
		}

		@Override
		public String getDescription() {
			return MetricDataBuilder.this.description;
		}

		@Override
		public String getUnit() {
			return MetricDataBuilder.this.unit;
		}

		@Override
		public MetricDataType getType() {
			return this.type;
		}

		@Override
		public Data<?> getData() {
			return this.data;
		}

	}

}
