package dev.openframe.telemetry.autoconfigure.otel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.openframe.telemetry.otel.internal.Signal;
import org.jspecify.annotations.Nullable;

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

	/**
	 * Formats in which trace context and baggage are read from incoming requests and written to
	 * outgoing calls, in order: 'tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'ottrace',
	 * 'xray', or 'none' alone.
	 */
	private List<PropagatorType> propagators = new ArrayList<>(
			List.of(PropagatorType.TRACECONTEXT, PropagatorType.BAGGAGE));

	private final Limits limits = new Limits();

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

	public List<PropagatorType> getPropagators() {
		return this.propagators;
	}

	public void setPropagators(List<PropagatorType> propagators) {
		this.propagators = propagators;
	}

	public Limits getLimits() {
		return this.limits;
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
		 * Compression of export requests. 'gzip' (written at zlib's fastest level) pays when the
		 * network to the backend costs more than the CPU it takes.
		 */
		private OtlpCompression compression = OtlpCompression.NONE;

		/**
		 * Maximum time to wait for one export request to complete.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		private final Ssl ssl = new Ssl();

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

		public Ssl getSsl() {
			return this.ssl;
		}

	}

	/**
	 * TLS towards an {@code https://} OTLP endpoint: a Spring Boot SSL bundle, or PEM files as the
	 * OpenTelemetry variables name them. Unset, the JVM's default trust store applies.
	 */
	public static class Ssl {

		/**
		 * Name of the Spring Boot SSL bundle ('spring.ssl.bundle.*') whose trust material verifies the
		 * OTLP endpoint and whose key, if any, is the client certificate for mutual TLS.
		 */
		private @Nullable String bundle;

		/**
		 * Path of a PEM file with the certificates trusted to verify the OTLP endpoint, instead of the
		 * JVM's default trust store.
		 */
		private @Nullable String certificate;

		/**
		 * Path of a PEM file with the private key (PKCS#8 or PKCS#1) of the client certificate used for
		 * mutual TLS.
		 */
		private @Nullable String clientKey;

		/**
		 * Path of a PEM file with the client certificate (and its chain) used for mutual TLS.
		 */
		private @Nullable String clientCertificate;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public @Nullable String getCertificate() {
			return this.certificate;
		}

		public void setCertificate(@Nullable String certificate) {
			this.certificate = certificate;
		}

		public @Nullable String getClientKey() {
			return this.clientKey;
		}

		public void setClientKey(@Nullable String clientKey) {
			this.clientKey = clientKey;
		}

		public @Nullable String getClientCertificate() {
			return this.clientCertificate;
		}

		public void setClientCertificate(@Nullable String clientCertificate) {
			this.clientCertificate = clientCertificate;
		}

	}

	/** Export settings of one signal; unset values fall back to the shared OTLP settings. */
	public static class SignalExport {

		/**
		 * Whether this signal is exported.
		 */
		private boolean enabled = true;

		/**
		 * Where this signal is exported: 'otlp' to the OTLP endpoint, 'console' printed for local
		 * debugging (needs 'io.opentelemetry:opentelemetry-exporter-logging'), or 'none'.
		 */
		private ExporterType exporter = ExporterType.OTLP;

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

		/**
		 * TLS of this signal's export; when any of it is set, it overrides
		 * 'openframe.telemetry.otlp.ssl' (the PEM files one by one, a bundle as a whole).
		 */
		private final Ssl ssl = new Ssl();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public ExporterType getExporter() {
			return this.exporter;
		}

		public void setExporter(ExporterType exporter) {
			this.exporter = exporter;
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

		public Ssl getSsl() {
			return this.ssl;
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

		private final TraceLimits limits = new TraceLimits();

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

		public TraceLimits getLimits() {
			return this.limits;
		}

	}

	/** Batching of ended spans, or of log records, before export. */
	public static class Batch {

		/**
		 * Delay between two consecutive exports of queued items.
		 */
		private Duration scheduleDelay = Duration.ofSeconds(5);

		/**
		 * Maximum number of items waiting for export; further items are dropped and counted.
		 */
		private int maxQueueSize = 2048;

		/**
		 * Maximum number of items in one export request.
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
		 * Maximum time one OTLP metric export may take; a shorter 'timeout' of the metrics or of
		 * 'openframe.telemetry.otlp' still applies.
		 */
		private Duration exportTimeout = Duration.ofSeconds(30);

		/**
		 * Which measurements become exemplars of OpenTelemetry API instruments and of Micrometer
		 * timers and distribution summaries exported over OTLP: 'trace_based' (those made in a
		 * sampled span), 'always_on' or 'always_off'.
		 */
		private ExemplarFilterType exemplarFilter = ExemplarFilterType.TRACE_BASED;

		/**
		 * Aggregation temporality of exported sums and histograms: 'cumulative', 'delta' (counters
		 * and histograms report the change since the previous export) or 'lowmemory' (delta for
		 * counters and histograms, cumulative for function counters and function timers).
		 */
		private MetricsTemporality temporality = MetricsTemporality.CUMULATIVE;

		/**
		 * Aggregation of histograms exported over OTLP: 'explicit_bucket_histogram' (the bucket
		 * boundaries of each meter) or 'base2_exponential_bucket_histogram' (buckets that adapt to
		 * the values, for timers and distribution summaries that publish a histogram and for
		 * OpenTelemetry API histograms).
		 */
		private HistogramAggregation histogramAggregation = HistogramAggregation.EXPLICIT_BUCKET_HISTOGRAM;

		/**
		 * Whether Micrometer's default meters are adjusted to Prometheus naming rules (help text on
		 * every meter, base units, no '_count' suffix on gauges) so that scrapes pass 'promtool check
		 * metrics'.
		 */
		private boolean prometheusConventions = true;

		/**
		 * Whether OpenMetrics scrapes also carry exemplars on summary and histogram '_count' lines
		 * and on summary quantiles, which OpenMetrics 1.0 does not allow and Prometheus reads only
		 * from 2.43 on (older servers reject the whole scrape); otherwise exemplars appear only on
		 * histogram buckets and counter totals.
		 */
		private boolean exemplarsOnCount;

		/**
		 * Most tag combinations (time series) kept per meter of the starter: the HTTP server meters
		 * and 'adapter.operation.duration'. Further combinations are not recorded, and one warning
		 * per meter says so.
		 */
		private int maxTagSets = 2000;

		public int getMaxTagSets() {
			return this.maxTagSets;
		}

		public void setMaxTagSets(int maxTagSets) {
			this.maxTagSets = maxTagSets;
		}

		public boolean isPrometheusConventions() {
			return this.prometheusConventions;
		}

		public void setPrometheusConventions(boolean prometheusConventions) {
			this.prometheusConventions = prometheusConventions;
		}

		public boolean isExemplarsOnCount() {
			return this.exemplarsOnCount;
		}

		public void setExemplarsOnCount(boolean exemplarsOnCount) {
			this.exemplarsOnCount = exemplarsOnCount;
		}

		public Duration getExportTimeout() {
			return this.exportTimeout;
		}

		public void setExportTimeout(Duration exportTimeout) {
			this.exportTimeout = exportTimeout;
		}

		public MetricsTemporality getTemporality() {
			return this.temporality;
		}

		public void setTemporality(MetricsTemporality temporality) {
			this.temporality = temporality;
		}

		public HistogramAggregation getHistogramAggregation() {
			return this.histogramAggregation;
		}

		public void setHistogramAggregation(HistogramAggregation histogramAggregation) {
			this.histogramAggregation = histogramAggregation;
		}

		public ExemplarFilterType getExemplarFilter() {
			return this.exemplarFilter;
		}

		public void setExemplarFilter(ExemplarFilterType exemplarFilter) {
			this.exemplarFilter = exemplarFilter;
		}

		public Duration getExportInterval() {
			return this.exportInterval;
		}

		public void setExportInterval(Duration exportInterval) {
			this.exportInterval = exportInterval;
		}

	}

	/** Log record batching, limits and export. */
	public static class Logs extends SignalExport {

		private final Batch batch = new Batch();

		private final LogRecordLimits limits = new LogRecordLimits();

		public Logs() {
			// The OpenTelemetry default for log records (OTEL_BLRP_SCHEDULE_DELAY), shorter than for spans.
			this.batch.setScheduleDelay(Duration.ofSeconds(1));
		}

		public Batch getBatch() {
			return this.batch;
		}

		public LogRecordLimits getLimits() {
			return this.limits;
		}

	}

	/** Limits on the attributes of spans, span events, span links and log records. */
	public static class Limits {

		/**
		 * Longest string (or string array element) an attribute value keeps; longer ones are
		 * truncated. Unlimited when unset.
		 */
		private @Nullable Integer attributeValueLength;

		/**
		 * Most attributes one span, span event, span link or log record keeps; further ones are
		 * dropped.
		 */
		private int attributeCount = 128;

		public @Nullable Integer getAttributeValueLength() {
			return this.attributeValueLength;
		}

		public void setAttributeValueLength(@Nullable Integer attributeValueLength) {
			this.attributeValueLength = attributeValueLength;
		}

		public int getAttributeCount() {
			return this.attributeCount;
		}

		public void setAttributeCount(int attributeCount) {
			this.attributeCount = attributeCount;
		}

	}

	/** Limits on spans; unset attribute limits fall back to 'openframe.telemetry.limits'. */
	public static class TraceLimits {

		/**
		 * Longest attribute value of a span, overriding
		 * 'openframe.telemetry.limits.attribute-value-length'.
		 */
		private @Nullable Integer attributeValueLength;

		/**
		 * Most attributes one span keeps, overriding 'openframe.telemetry.limits.attribute-count'.
		 */
		private @Nullable Integer attributeCount;

		/**
		 * Most events one span keeps; further ones are dropped.
		 */
		private int eventCount = 128;

		/**
		 * Most links one span keeps; further ones are dropped.
		 */
		private int linkCount = 128;

		/**
		 * Most attributes one span event keeps, overriding
		 * 'openframe.telemetry.limits.attribute-count'.
		 */
		private @Nullable Integer eventAttributeCount;

		/**
		 * Most attributes one span link keeps, overriding
		 * 'openframe.telemetry.limits.attribute-count'.
		 */
		private @Nullable Integer linkAttributeCount;

		public @Nullable Integer getAttributeValueLength() {
			return this.attributeValueLength;
		}

		public void setAttributeValueLength(@Nullable Integer attributeValueLength) {
			this.attributeValueLength = attributeValueLength;
		}

		public @Nullable Integer getAttributeCount() {
			return this.attributeCount;
		}

		public void setAttributeCount(@Nullable Integer attributeCount) {
			this.attributeCount = attributeCount;
		}

		public int getEventCount() {
			return this.eventCount;
		}

		public void setEventCount(int eventCount) {
			this.eventCount = eventCount;
		}

		public int getLinkCount() {
			return this.linkCount;
		}

		public void setLinkCount(int linkCount) {
			this.linkCount = linkCount;
		}

		public @Nullable Integer getEventAttributeCount() {
			return this.eventAttributeCount;
		}

		public void setEventAttributeCount(@Nullable Integer eventAttributeCount) {
			this.eventAttributeCount = eventAttributeCount;
		}

		public @Nullable Integer getLinkAttributeCount() {
			return this.linkAttributeCount;
		}

		public void setLinkAttributeCount(@Nullable Integer linkAttributeCount) {
			this.linkAttributeCount = linkAttributeCount;
		}

	}

	/** Limits on log records; unset ones fall back to 'openframe.telemetry.limits'. */
	public static class LogRecordLimits {

		/**
		 * Longest attribute value of a log record, overriding
		 * 'openframe.telemetry.limits.attribute-value-length'.
		 */
		private @Nullable Integer attributeValueLength;

		/**
		 * Most attributes one log record keeps, overriding
		 * 'openframe.telemetry.limits.attribute-count'.
		 */
		private @Nullable Integer attributeCount;

		public @Nullable Integer getAttributeValueLength() {
			return this.attributeValueLength;
		}

		public void setAttributeValueLength(@Nullable Integer attributeValueLength) {
			this.attributeValueLength = attributeValueLength;
		}

		public @Nullable Integer getAttributeCount() {
			return this.attributeCount;
		}

		public void setAttributeCount(@Nullable Integer attributeCount) {
			this.attributeCount = attributeCount;
		}

	}

}
