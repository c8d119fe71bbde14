package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.openframe.telemetry.otel.internal.Signal;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the OpenTelemetry SDK and its OTLP export, under {@code openframe.telemetry}.
 * The standard {@code OTEL_*} environment variables are mapped onto these properties by
 * {@link OtelEnvironmentVariablesPostProcessor}.
 */
@ConfigurationProperties(TelemetryProperties.PREFIX)
public class TelemetryProperties implements InitializingBean {

	/** Prefix of every openframe-telemetry property. */
	public static final String PREFIX = "openframe.telemetry";

	/**
	 * Whether openframe-telemetry is enabled. When off, none of its beans are created.
	 */
	private boolean enabled = true;

	/**
	 * Resource attribute 'service.name'. Defaults to 'spring.application.name', else the
	 * application's jar or main class name, else 'unknown_service:java'.
	 */
	private @Nullable String serviceName;

	/**
	 * Resource attribute 'service.version'. Defaults to the version of the build info, else the
	 * 'Implementation-Version' of the application jar's manifest.
	 */
	private @Nullable String serviceVersion;

	/**
	 * Resource attribute 'service.namespace', the group of services this one belongs to, such as
	 * 'shop'.
	 */
	private @Nullable String serviceNamespace;

	/**
	 * Resource attribute 'deployment.environment.name', such as 'production'.
	 */
	private @Nullable String environment;

	/**
	 * Extra resource attributes added to every span, metric and log record.
	 */
	private Map<String, String> resourceAttributes = new LinkedHashMap<>();

	/**
	 * Maximum time to wait for pending telemetry to be exported when the application stops.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private final Otlp otlp = new Otlp();

	private final Traces traces = new Traces();

	private final Metrics metrics = new Metrics();

	private final Logs logs = new Logs();

	@Override
	public void afterPropertiesSet() {
		TelemetryPropertiesValidator.validate(this);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public @Nullable String getServiceVersion() {
		return this.serviceVersion;
	}

	public void setServiceVersion(@Nullable String serviceVersion) {
		this.serviceVersion = serviceVersion;
	}

	public @Nullable String getServiceNamespace() {
		return this.serviceNamespace;
	}

	public void setServiceNamespace(@Nullable String serviceNamespace) {
		this.serviceNamespace = serviceNamespace;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public Map<String, String> getResourceAttributes() {
		return this.resourceAttributes;
	}

	public void setResourceAttributes(Map<String, String> resourceAttributes) {
		this.resourceAttributes = resourceAttributes;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public Traces getTraces() {
		return this.traces;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Logs getLogs() {
		return this.logs;
	}

	/**
	 * The export settings of one signal.
	 * @param signal the signal
	 * @return its settings
	 */
	SignalExport signal(Signal signal) {
		return switch (signal) {
			case TRACES -> this.traces;
			case METRICS -> this.metrics;
			case LOGS -> this.logs;
		};
	}

	/** OTLP connection settings shared by all signals. */
	public static class Otlp {

		/**
		 * Base URL of the OTLP receiver, such as 'http://localhost:4318' for http/protobuf
		 * or 'http://localhost:4317' for grpc. When unset, nothing is exported.
		 */
		private @Nullable String endpoint;

		/**
		 * Transport protocol of the OTLP export.
		 */
		private OtlpProtocol protocol = OtlpProtocol.HTTP_PROTOBUF;

		/**
		 * Headers sent with every export request, such as an API key.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Compression of export requests.
		 */
		private OtlpCompression compression = OtlpCompression.GZIP;

		/**
		 * Maximum time to wait for one export request to complete.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public OtlpProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(OtlpProtocol protocol) {
			this.protocol = protocol;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public OtlpCompression getCompression() {
			return this.compression;
		}

		public void setCompression(OtlpCompression compression) {
			this.compression = compression;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** Export settings of one signal; unset values fall back to the shared OTLP settings. */
	public static class SignalExport {

		/**
		 * Whether this signal is exported.
		 */
		private boolean enabled = true;

		/**
		 * Full URL this signal is exported to, overriding the one derived from
		 * 'openframe.telemetry.otlp.endpoint'.
		 */
		private @Nullable String endpoint;

		/**
		 * Transport protocol of this signal, overriding 'openframe.telemetry.otlp.protocol'.
		 */
		private @Nullable OtlpProtocol protocol;

		/**
		 * Headers sent with this signal's export requests, added to
		 * 'openframe.telemetry.otlp.headers'.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Compression of this signal's export requests, overriding
		 * 'openframe.telemetry.otlp.compression'.
		 */
		private @Nullable OtlpCompression compression;

		/**
		 * Maximum time to wait for one export request of this signal, overriding
		 * 'openframe.telemetry.otlp.timeout'.
		 */
		private @Nullable Duration timeout;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public @Nullable OtlpProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(@Nullable OtlpProtocol protocol) {
			this.protocol = protocol;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public @Nullable OtlpCompression getCompression() {
			return this.compression;
		}

		public void setCompression(@Nullable OtlpCompression compression) {
			this.compression = compression;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

	/** Trace sampling, batching and export. */
	public static class Traces extends SignalExport {

		/**
		 * Sampler deciding which traces are recorded and exported.
		 */
		private SamplerType sampler = SamplerType.PARENTBASED_ALWAYS_ON;

		/**
		 * Fraction of traces sampled by the 'traceidratio' and 'parentbased_traceidratio'
		 * samplers, from 0 to 1.
		 */
		private double samplerRatio = 1.0;

		private final Batch batch = new Batch();

		public SamplerType getSampler() {
			return this.sampler;
		}

		public void setSampler(SamplerType sampler) {
			this.sampler = sampler;
		}

		public double getSamplerRatio() {
			return this.samplerRatio;
		}

		public void setSamplerRatio(double samplerRatio) {
			this.samplerRatio = samplerRatio;
		}

		public Batch getBatch() {
			return this.batch;
		}

	}

	/** Batching of ended spans before export. */
	public static class Batch {

		/**
		 * Delay between two consecutive exports of queued spans.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(5);

		/**
		 * Maximum number of spans waiting for export; further spans are dropped and counted.
		 */
		private int maxQueueSize = 2048;

		/**
		 * Maximum number of spans in one export request.
		 */
		private int maxExportBatchSize = 512;

		/**
		 * Maximum time one export of a batch may take before it is cancelled.
		 */
		private Duration exportTimeout = Duration.ofSeconds(30);

		public Duration getScheduleDelay() {
			return this.scheduleDelay;
		}

		public void setScheduleDelay(Duration scheduleDelay) {
			this.scheduleDelay = scheduleDelay;
		}

		public int getMaxQueueSize() {
			return this.maxQueueSize;
		}

		public void setMaxQueueSize(int maxQueueSize) {
			this.maxQueueSize = maxQueueSize;
		}

		public int getMaxExportBatchSize() {
			return this.maxExportBatchSize;
		}

		public void setMaxExportBatchSize(int maxExportBatchSize) {
			this.maxExportBatchSize = maxExportBatchSize;
		}

		public Duration getExportTimeout() {
			return this.exportTimeout;
		}

		public void setExportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
		}

	}

	/** Metric export. */
	public static class Metrics extends SignalExport {

		/**
		 * Interval between two pushes of all metrics over OTLP.
		 */
		private Duration exportInterval = Duration.ofSeconds(15);

		/**
		 * Whether Micrometer's default meters are adjusted to Prometheus naming rules (help text on
		 * every meter, base units, no '_count' suffix on gauges) so that scrapes pass 'promtool check
		 * metrics'.
		 */
		private boolean prometheusConventions = true;

		public boolean isPrometheusConventions() {
			return this.prometheusConventions;
		}

		public void setPrometheusConventions(boolean prometheusConventions) {
			this.prometheusConventions = prometheusConventions;
		}

		public Duration getExportInterval() {
			return this.exportInterval;
		}

		public void setExportInterval(Duration exportInterval) {
			this.exportInterval = exportInterval;
		}

	}

	/** Log record export. */
	public static class Logs extends SignalExport {

	}

}
