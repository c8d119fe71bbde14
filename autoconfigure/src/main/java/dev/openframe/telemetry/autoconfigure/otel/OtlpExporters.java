package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import dev.openframe.telemetry.otel.internal.export.FastGzipSenders;
import dev.openframe.telemetry.otel.internal.export.UrlConnectionHttpSender;
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
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;

/**
 * Builds the OTLP exporter of each signal from its {@link SignalExportSettings}, then applies the
 * application's builder customizers. http/protobuf always goes through
 * {@link UrlConnectionHttpSender}, even when another HTTP sender is on the class path; grpc needs
 * a gRPC sender, and its absence stops start-up with the dependency to add. gzip is written at
 * level 1 ({@link FastGzipSenders}). TLS material from an SSL bundle or PEM files
 * ({@link OtlpSsl}) goes to both protocols through the builders' {@code setSslContext}.
 */
final class OtlpExporters {

	/** The one dependency that enables the grpc protocol; named in the README. */
	static final String GRPC_SENDER_DEPENDENCY = "io.opentelemetry:opentelemetry-exporter-sender-okhttp";

	private final ComponentLoader componentLoader;

	private final @Nullable SslBundles sslBundles;

	OtlpExporters(ClassLoader classLoader, @Nullable SslBundles sslBundles) {
		this.componentLoader = new SenderLoader(ComponentLoader.forClassLoader(classLoader));
		this.sslBundles = sslBundles;
	}

	SpanExporter spanExporter(SignalExportSettings settings,
			ObjectProvider<OtlpHttpSpanExporterBuilderCustomizer> httpCustomizers,
			ObjectProvider<OtlpGrpcSpanExporterBuilderCustomizer> grpcCustomizers) {
		if (grpc(settings)) {
			OtlpGrpcSpanExporterBuilder builder = OtlpGrpcSpanExporter.builder();
			configure(settings, builder::setEndpoint, builder::setCompression, builder::setTimeout,
					builder::setComponentLoader, builder::setMeterProvider, builder::addHeader,
					builder::setSslContext);
			grpcCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}
		OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder();
		configure(settings, builder::setEndpoint, builder::setCompression, builder::setTimeout,
				builder::setComponentLoader, builder::setMeterProvider, builder::addHeader,
				builder::setSslContext);
		httpCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	MetricExporter metricExporter(SignalExportSettings settings, AggregationTemporalitySelector temporality,
			ObjectProvider<OtlpHttpMetricExporterBuilderCustomizer> httpCustomizers,
			ObjectProvider<OtlpGrpcMetricExporterBuilderCustomizer> grpcCustomizers) {
		if (grpc(settings)) {
			OtlpGrpcMetricExporterBuilder builder = OtlpGrpcMetricExporter.builder();
			configure(settings, builder::setEndpoint, builder::setCompression, builder::setTimeout,
					builder::setComponentLoader, builder::setMeterProvider, builder::addHeader,
					builder::setSslContext);
			builder.setAggregationTemporalitySelector(temporality);
			grpcCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}
		OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder();
		configure(settings, builder::setEndpoint, builder::setCompression, builder::setTimeout,
				builder::setComponentLoader, builder::setMeterProvider, builder::addHeader,
				builder::setSslContext);
		builder.setAggregationTemporalitySelector(temporality);
		httpCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	LogRecordExporter logRecordExporter(SignalExportSettings settings,
			ObjectProvider<OtlpHttpLogRecordExporterBuilderCustomizer> httpCustomizers,
			ObjectProvider<OtlpGrpcLogRecordExporterBuilderCustomizer> grpcCustomizers) {
		if (grpc(settings)) {
			OtlpGrpcLogRecordExporterBuilder builder = OtlpGrpcLogRecordExporter.builder();
			configure(settings, builder::setEndpoint, builder::setCompression, builder::setTimeout,
					builder::setComponentLoader, builder::setMeterProvider, builder::addHeader,
					builder::setSslContext);
			grpcCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
			return builder.build();
		}
		OtlpHttpLogRecordExporterBuilder builder = OtlpHttpLogRecordExporter.builder();
		configure(settings, builder::setEndpoint, builder::setCompression, builder::setTimeout,
				builder::setComponentLoader, builder::setMeterProvider, builder::addHeader,
				builder::setSslContext);
		httpCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * The settings every OTLP exporter builder shares; the six builders have the same setters
	 * but no common type, so they are handed over as method references.
	 */
	private void configure(SignalExportSettings settings, Consumer<String> endpoint, Consumer<String> compression,
			Consumer<Duration> timeout, Consumer<ComponentLoader> componentLoader,
			Consumer<Supplier<MeterProvider>> meterProvider, BiConsumer<String, String> header,
			BiConsumer<SSLContext, X509TrustManager> ssl) {
		endpoint.accept(settings.endpoint());
		compression.accept(settings.compression().toString());
		timeout.accept(settings.timeout());
		componentLoader.accept(this.componentLoader);
		// The exporters' own self-monitoring meters are not wanted; ExportStatistics counts instead.
		meterProvider.accept(MeterProvider::noop);
		settings.headers().forEach(header);
		if (settings.ssl() != null) {
			// One SSLContext per exporter, made at start-up: a bad bundle or file fails now, not per export.
			OtlpSsl.Material material = settings.ssl().load(this.sslBundles);
			ssl.accept(material.sslContext(), material.trustManager());
		}
	}

	/** Whether the signal goes over grpc; fails when no gRPC sender is on the class path. */
	private boolean grpc(SignalExportSettings settings) {
		if (settings.protocol() != OtlpProtocol.GRPC) {
			return false;
		}
		if (!this.componentLoader.load(GrpcSenderProvider.class).iterator().hasNext()) {
			String property = settings.protocolProperty();
			throw new InvalidTelemetryPropertyException(property, OtlpProtocol.GRPC,
					"be 'http/protobuf' unless a gRPC sender is on the class path",
					"Add the dependency '" + GRPC_SENDER_DEPENDENCY + "' (same version as opentelemetry-sdk), "
							+ "or set '" + property + "' to 'http/protobuf'.");
		}
		return true;
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
