package dev.openframe.telemetry.autoconfigure.otel;

import java.util.ArrayList;
import java.util.List;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Builds the OTLP exporters of each signal from {@link SignalExportSettings}, gzip at level 1
 * ({@link FastGzipSenders}). http/protobuf always goes through {@link UrlConnectionHttpSender},
 * even when another HTTP sender is on the class path; grpc needs a gRPC sender, and its absence
 * stops start-up with the dependency to add.
 */
final class OtlpExporters {

	/** The one dependency that enables the grpc protocol; named in the README. */
	static final String GRPC_SENDER_DEPENDENCY = "io.opentelemetry:opentelemetry-exporter-sender-okhttp";

	private final ComponentLoader componentLoader;

	OtlpExporters(ClassLoader classLoader) {
		this.componentLoader = new SenderLoader(ComponentLoader.forClassLoader(classLoader));
	}

	SpanExporter spanExporter(SignalExportSettings settings) {
		if (settings.protocol() == OtlpProtocol.GRPC) {
			OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder()
				.setEndpoint(settings.endpoint())
				.setCompression(settings.compression().toString())
				.setTimeout(settings.timeout())
				.setComponentLoader(this.componentLoader)
				.setMeterProvider(MeterProvider::noop);
			settings.headers().forEach(builder::addHeader);
			return builder.build();
		}
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder()
			.setEndpoint(settings.endpoint())
			.setCompression(settings.compression().toString())
			.setTimeout(settings.timeout())
			.setComponentLoader(this.componentLoader)
			.setMeterProvider(MeterProvider::noop);
		settings.headers().forEach(builder::addHeader);
		return builder.build();
	}

	MetricExporter metricExporter(SignalExportSettings settings) {
		if (settings.protocol() == OtlpProtocol.GRPC) {
			OtlpGrpcMetricExporterBuilder builder = OtlpGrpcMetricExporter.builder()
				.setEndpoint(settings.endpoint())
				.setCompression(settings.compression().toString())
				.setTimeout(settings.timeout())
				.setComponentLoader(this.componentLoader)
				.setMeterProvider(MeterProvider::noop);
			settings.headers().forEach(builder::addHeader);
			return builder.build();
		}
		OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder()
			.setEndpoint(settings.endpoint())
			.setCompression(settings.compression().toString())
			.setTimeout(settings.timeout())
			.setComponentLoader(this.componentLoader)
			.setMeterProvider(MeterProvider::noop);
		settings.headers().forEach(builder::addHeader);
		return builder.build();
	}

	LogRecordExporter logRecordExporter(SignalExportSettings settings) {
		if (settings.protocol() == OtlpProtocol.GRPC) {
			OtlpGrpcLogRecordExporterBuilder builder = OtlpGrpcLogRecordExporter.builder()
				.setEndpoint(settings.endpoint())
				.setCompression(settings.compression().toString())
				.setTimeout(settings.timeout())
				.setComponentLoader(this.componentLoader)
				.setMeterProvider(MeterProvider::noop);
			settings.headers().forEach(builder::addHeader);
			return builder.build();
		}
		OtlpHttpLogRecordExporterBuilder builder = OtlpHttpLogRecordExporter.builder()
			.setEndpoint(settings.endpoint())
			.setCompression(settings.compression().toString())
			.setTimeout(settings.timeout())
			.setComponentLoader(this.componentLoader)
			.setMeterProvider(MeterProvider::noop);
		settings.headers().forEach(builder::addHeader);
		return builder.build();
	}

	/**
	 * Fails when grpc is chosen and no gRPC sender can be found.
	 * @param property the property that chose grpc
	 */
	void checkGrpcSender(String property) {
		if (!this.componentLoader.load(GrpcSenderProvider.class).iterator().hasNext()) {
			throw new InvalidTelemetryPropertyException(property, OtlpProtocol.GRPC,
					"be 'http/protobuf' unless a gRPC sender is on the class path",
					"Add the dependency '" + GRPC_SENDER_DEPENDENCY + "' (same version as opentelemetry-sdk), "
							+ "or set '" + property + "' to 'http/protobuf'.");
		}
	}

	/**
	 * Hands the exporters their senders: for HTTP only {@link UrlConnectionHttpSender}, for gRPC
	 * whichever are on the class path, wrapped by {@link FastGzipSenders}.
	 */
	private static final class SenderLoader implements ComponentLoader {

		private final ComponentLoader delegate;

		SenderLoader(ComponentLoader delegate) {
			this.delegate = delegate;
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> Iterable<T> load(Class<T> type) {
			if (type == HttpSenderProvider.class) {
				return List.of((T) (HttpSenderProvider) UrlConnectionHttpSender::create);
			}
			Iterable<T> all = this.delegate.load(type);
			if (type == GrpcSenderProvider.class) {
				List<T> wrapped = new ArrayList<>();
				all.forEach((provider) -> wrapped.add((T) FastGzipSenders.wrap((GrpcSenderProvider) provider)));
				return wrapped;
			}
			return all;
		}

	}

}
