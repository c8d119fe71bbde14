package dev.openframe.telemetry.otel.internal;

import java.util.function.Consumer;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;

/**
 * {@link MeterProvider} handed to the SDK's batch processors so that items they drop (a full
 * queue while the backend is slow or down) are counted in {@link ExportStatistics}. The SDK
 * reports drops, with {@link InternalTelemetryVersion#LATEST}, as
 * {@code otel.sdk.processor.*.processed} increments with {@code error.type=queue_full}; every other
 * instrument is a no-op.
 */
public final class DroppedItemsMeterProvider implements MeterProvider {

	private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

	private static final String QUEUE_FULL = "queue_full";

	private final ExportStatistics.SignalStatistics statistics;

	private final String processedCounterName;

	private final Meter noop = MeterProvider.noop().get("noop");

	/**
	 * Creates a provider counting the drops of one signal's batch processor.
	 * @param statistics where dropped items are added
	 * @param processedCounterName the SDK's processed counter, such as
	 * {@code otel.sdk.processor.span.processed}
	 */
	public DroppedItemsMeterProvider(ExportStatistics.SignalStatistics statistics, String processedCounterName) {
		this.statistics = statistics;
		this.processedCounterName = processedCounterName;
	}

	@Override
	public MeterBuilder meterBuilder(String instrumentationScopeName) {
		return new MeterBuilder() {

			@Override
			public MeterBuilder setSchemaUrl(String schemaUrl) {
				return this;
			}

			@Override
			public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
				return this;
			}

			@Override
			public Meter build() {
				return new DropCountingMeter();
			}

		};
	}

	private final class DropCountingMeter implements Meter {

		@Override
		public LongCounterBuilder counterBuilder(String name) {
			LongCounterBuilder noopBuilder = DroppedItemsMeterProvider.this.noop.counterBuilder(name);
			return name.equals(DroppedItemsMeterProvider.this.processedCounterName) ? new DropCounterBuilder(noopBuilder)
					: noopBuilder;
		}

		@Override
		public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
			return DroppedItemsMeterProvider.this.noop.upDownCounterBuilder(name);
		}

		@Override
		public DoubleHistogramBuilder histogramBuilder(String name) {
			return DroppedItemsMeterProvider.this.noop.histogramBuilder(name);
		}

		@Override
		public DoubleGaugeBuilder gaugeBuilder(String name) {
			return DroppedItemsMeterProvider.this.noop.gaugeBuilder(name);
		}

	}

	private final class DropCounterBuilder implements LongCounterBuilder {

		private final LongCounterBuilder noopBuilder;

		DropCounterBuilder(LongCounterBuilder noopBuilder) {
			this.noopBuilder = noopBuilder;
		}

		@Override
		public LongCounterBuilder setDescription(String description) {
			return this;
		}

		@Override
		public LongCounterBuilder setUnit(String unit) {
			return this;
		}

		@Override
		public DoubleCounterBuilder ofDoubles() {
			return this.noopBuilder.ofDoubles();
		}

		@Override
		public LongCounter build() {
			return new DropCounter();
		}

		@Override
		public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
			return this.noopBuilder.buildWithCallback(callback);
		}

	}

	private final class DropCounter implements LongCounter {

		@Override
		public void add(long value) {
		}

		@Override
		public void add(long value, Attributes attributes) {
			// Failed exports carry an error type too; they are counted by the exporter.
			if (QUEUE_FULL.equals(attributes.get(ERROR_TYPE))) {
				DroppedItemsMeterProvider.this.statistics.addDropped(value);
			}
		}

		@Override
		public void add(long value, Attributes attributes, Context context) {
			add(value, attributes);
		}

	}

}
