package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.autoconfigure.EnvironmentVariables;
import dev.openframe.telemetry.otel.internal.ExportStatistics;
import dev.openframe.telemetry.otel.internal.Signal;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code OTEL_*} limits, log batching and exemplar filter reach the SDK: span and log record
 * limits on the providers, the log batch processor's settings, the meter provider's exemplar filter.
 */
class SdkLimitsAndBatchingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class));

	@Test
	void sdkDefaultsWhenNothingIsSet() {
		this.runner.run((context) -> {
			assertThat(context.getBean(SpanLimits.class)).isEqualTo(SpanLimits.getDefault());
			assertThat(context.getBean(LogLimits.class)).isEqualTo(LogLimits.getDefault());
		});
	}

	@Test
	void spanLimitsCutAttributesEventsAndLinks() {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=4",
					"OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT=2", "OTEL_SPAN_EVENT_COUNT_LIMIT=1", "OTEL_SPAN_LINK_COUNT_LIMIT=1",
					"OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT=1", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT=1"))
			.withBean(SpanProcessor.class, () -> SimpleSpanProcessor.create(exporter))
			.run((context) -> {
				SpanContext linked = SpanContext.create("463ac35c9f6413ad48485a3953bb6124", "0020000000000001",
						TraceFlags.getSampled(), TraceState.getDefault());
				Attributes two = Attributes.of(AttributeKey.stringKey("x"), "1", AttributeKey.stringKey("y"), "2");
				context.getBean(OpenTelemetrySdk.class)
					.getTracer("test")
					.spanBuilder("limited")
					.setAttribute("a", "abcdefgh")
					.setAttribute("b", "b")
					.setAttribute("c", "c")
					.addLink(linked, two)
					.addLink(linked, two)
					.startSpan()
					.addEvent("first", two)
					.addEvent("second", two)
					.end();
				SpanData span = exporter.getFinishedSpanItems().get(0);
				assertThat(span.getAttributes().size()).isEqualTo(2);
				assertThat(span.getAttributes().get(AttributeKey.stringKey("a"))).isEqualTo("abcd");
				assertThat(span.getTotalAttributeCount()).isEqualTo(3);
				assertThat(span.getEvents()).singleElement()
					.satisfies((event) -> assertThat(event.getAttributes().size()).isEqualTo(1));
				assertThat(span.getTotalRecordedEvents()).isEqualTo(2);
				assertThat(span.getLinks()).singleElement()
					.satisfies((link) -> assertThat(link.getAttributes().size()).isEqualTo(1));
				assertThat(span.getTotalRecordedLinks()).isEqualTo(2);
			});
	}

	@Test
	void logRecordLimitsWinOverGeneralOnesWhichStillApplyToSpans() {
		InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_ATTRIBUTE_COUNT_LIMIT=3",
					"OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT=1", "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT=2"))
			.withBean(LogRecordProcessor.class, () -> SimpleLogRecordProcessor.create(exporter))
			.run((context) -> {
				context.getBean(OpenTelemetrySdk.class)
					.getSdkLoggerProvider()
					.get("test")
					.logRecordBuilder()
					.setBody("limited")
					.setAttribute(AttributeKey.stringKey("a"), "abcdef")
					.setAttribute(AttributeKey.stringKey("b"), "b")
					.emit();
				LogRecordData record = exporter.getFinishedLogRecordItems().get(0);
				assertThat(record.getAttributes().asMap()).containsExactly(
						java.util.Map.entry(AttributeKey.stringKey("a"), "ab"));
				SpanLimits spanLimits = context.getBean(SpanLimits.class);
				assertThat(spanLimits.getMaxNumberOfAttributes()).isEqualTo(3);
				assertThat(spanLimits.getMaxNumberOfAttributesPerEvent()).isEqualTo(3);
				assertThat(spanLimits.getMaxNumberOfAttributesPerLink()).isEqualTo(3);
				assertThat(spanLimits.getMaxAttributeValueLength()).isEqualTo(SpanLimits.getDefault()
					.getMaxAttributeValueLength());
			});
	}

	@Test
	void logBatchSettingsReachTheProcessor() {
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_LOGS_EXPORTER=console", "OTEL_BLRP_SCHEDULE_DELAY=250",
					"OTEL_BLRP_EXPORT_TIMEOUT=4000", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE=64", "OTEL_BLRP_MAX_QUEUE_SIZE=100"))
			.run((context) -> assertThat(context.getBean(BatchLogRecordProcessor.class))
				.asString()
				.contains("scheduleDelayNanos=" + Duration.ofMillis(250).toNanos(), "maxExportBatchSize=64",
						"exporterTimeoutNanos=" + Duration.ofSeconds(4).toNanos()));
	}

	@Test
	void logRecordsBeyondTheQueueSizeAreDropped() {
		BlockingLogRecordExporter exporter = new BlockingLogRecordExporter();
		this.runner
			.withInitializer(EnvironmentVariables.of("OTEL_BLRP_MAX_QUEUE_SIZE=1", "OTEL_BLRP_SCHEDULE_DELAY=60000"))
			.withBean(LogRecordExporter.class, () -> exporter)
			.run((context) -> {
				io.opentelemetry.api.logs.Logger logger = context.getBean(OpenTelemetrySdk.class)
					.getSdkLoggerProvider()
					.get("test");
				// A full batch of one is exported at once; the exporter then holds the worker.
				logger.logRecordBuilder().setBody("exporting").emit();
				assertThat(exporter.exporting.await(5, TimeUnit.SECONDS)).isTrue();
				for (int i = 0; i < 3; i++) {
					logger.logRecordBuilder().setBody("queued " + i).emit();
				}
				ExportStatistics statistics = context.getBean(ExportStatistics.class);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(statistics.get(Signal.LOGS).dropped()).isEqualTo(2));
				exporter.release.countDown();
			});
	}

	@Test
	void exemplarFilterDecidesWhichMeasurementsBecomeExemplars() {
		assertThat(exemplarsOfCounterInSampledSpan("trace_based")).isEqualTo(1);
		assertThat(exemplarsOfCounterInSampledSpan("always_off")).isZero();
	}

	private int exemplarsOfCounterInSampledSpan(String filter) {
		InMemoryMetricReader reader = InMemoryMetricReader.create();
		int[] exemplars = new int[1];
		this.runner.withInitializer(EnvironmentVariables.of("OTEL_METRICS_EXEMPLAR_FILTER=" + filter))
			.withBean(MetricReader.class, () -> reader)
			.run((context) -> {
				OpenTelemetrySdk sdk = context.getBean(OpenTelemetrySdk.class);
				LongCounter counter = sdk.getMeter("test").counterBuilder("orders").build();
				Span span = sdk.getTracer("test").spanBuilder("order").startSpan();
				try (Scope scope = span.makeCurrent()) {
					counter.add(1);
				}
				span.end();
				Collection<MetricData> metrics = reader.collectAllMetrics();
				exemplars[0] = metrics.stream()
					.filter((metric) -> metric.getName().equals("orders"))
					.flatMap((metric) -> metric.getLongSumData().getPoints().stream())
					.mapToInt((point) -> point.getExemplars().size())
					.sum();
			});
		return exemplars[0];
	}

	/** Holds the batch worker in its first export until released. */
	private static final class BlockingLogRecordExporter implements LogRecordExporter {

		final CountDownLatch exporting = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public CompletableResultCode export(Collection<LogRecordData> logs) {
			this.exporting.countDown();
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			this.release.countDown();
			return CompletableResultCode.ofSuccess();
		}

	}

}
