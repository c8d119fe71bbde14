package dev.openframe.telemetry.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.jspecify.annotations.Nullable;

/**
 * A real OTLP receiver for tests, on 127.0.0.1 and a free port, speaking http/protobuf and
 * gRPC (each in plain text or over TLS) and decoding every request with the official
 * {@code opentelemetry-proto} classes. It can accept, refuse with 503 / UNAVAILABLE, or hold requests open, to test a failing backend.
 */
public final class OtlpReceiver implements AutoCloseable {

	/** How the receiver answers. */
	public enum Mode {

		/** Accept and store every request. */
		ACCEPT,

		/** Answer 503 (http) or UNAVAILABLE (grpc) without storing. */
		UNAVAILABLE,

		/** Hold each request open until the mode changes or 30 seconds pass. */
		STALL

	}

	/**
	 * One decoded request.
	 *
	 * @param signal {@code traces}, {@code metrics} or {@code logs}
	 * @param transport {@code http} or {@code grpc}
	 * @param headers request headers, keys in lower case
	 * @param gzip whether the body arrived gzip-compressed
	 * @param message the decoded export request
	 * @param body the body as it arrived over http (empty for grpc, whose server decodes it)
	 */
	public record Request(String signal, String transport, Map<String, String> headers, boolean gzip,
			Message message, byte[] body) {
	}

	private static final Duration MAX_STALL = Duration.ofSeconds(30);

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger refused = new AtomicInteger();

	private volatile Mode mode = Mode.ACCEPT;

	private volatile CountDownLatch stallRelease = new CountDownLatch(1);

	private final HttpServer httpServer;

	private final ExecutorService httpExecutor = Executors.newCachedThreadPool();

	private final Server grpcServer;

	private final String scheme;

	private final Set<Integer> httpClientPorts = ConcurrentHashMap.newKeySet();

	private OtlpReceiver(@Nullable Tls tls) throws IOException {
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		this.scheme = (tls != null) ? "https" : "http";
		this.httpServer = (tls != null) ? httpsServer(address, tls) : HttpServer.create(address, 0);
		this.httpServer.createContext("/", this::handleHttp);
		this.httpServer.setExecutor(this.httpExecutor);
		this.httpServer.start();
		NettyServerBuilder grpc = NettyServerBuilder.forAddress(address)
			.addService(ServerInterceptors.intercept(new TraceService(), new HeaderCapture()))
			.addService(ServerInterceptors.intercept(new MetricsService(), new HeaderCapture()))
			.addService(ServerInterceptors.intercept(new LogsService(), new HeaderCapture()));
		if (tls != null) {
			grpc.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keys()))
				.trustManager(tls.trust())
				.clientAuth(tls.requireClientCertificate() ? ClientAuth.REQUIRE : ClientAuth.NONE)
				.build());
		}
		this.grpcServer = grpc.build().start();
	}

	private static HttpsServer httpsServer(InetSocketAddress address, Tls tls) throws IOException {
		HttpsServer server = HttpsServer.create(address, 0);
		server.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {

			@Override
			public void configure(HttpsParameters parameters) {
				SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
				ssl.setNeedClientAuth(tls.requireClientCertificate());
				parameters.setSSLParameters(ssl);
			}

		});
		return server;
	}

	/**
	 * TLS of a receiver: its key (certificate), the certificates it trusts for client
	 * certificates, and whether it requires one.
	 *
	 * @param context the server's SSL context (http side)
	 * @param keys the server's key (grpc side)
	 * @param trust the trusted client certificate issuers (grpc side)
	 * @param requireClientCertificate whether a handshake without a client certificate fails
	 */
	public record Tls(SSLContext context, KeyManagerFactory keys, TrustManagerFactory trust,
			boolean requireClientCertificate) {
	}

	/**
	 * Starts a receiver on free loopback ports.
	 * @return the running receiver
	 */
	public static OtlpReceiver start() {
		return start(null);
	}

	/**
	 * Starts a receiver that speaks https and gRPC over TLS.
	 * @param tls the receiver's certificate and client certificate policy, or {@code null} for plain text
	 * @return the running receiver
	 */
	public static OtlpReceiver start(@Nullable Tls tls) {
		try {
			return new OtlpReceiver(tls);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return base URL of the http/protobuf side, such as {@code http://127.0.0.1:41234}
	 * ({@code https://} with TLS)
	 */
	public String httpEndpoint() {
		return this.scheme + "://127.0.0.1:" + this.httpServer.getAddress().getPort();
	}

	/** @return URL of the gRPC side */
	public String grpcEndpoint() {
		return this.scheme + "://127.0.0.1:" + this.grpcServer.getPort();
	}

	/** @return client ports of the http requests received so far: one per connection used */
	public Set<Integer> httpClientPorts() {
		return Set.copyOf(this.httpClientPorts);
	}

	/**
	 * Changes how requests are answered; leaving {@link Mode#STALL} releases held requests.
	 * @param mode the new mode
	 */
	public void mode(Mode mode) {
		Mode previous = this.mode;
		this.mode = mode;
		if (previous == Mode.STALL && mode != Mode.STALL) {
			this.stallRelease.countDown();
			this.stallRelease = new CountDownLatch(1);
		}
	}

	/** @return every accepted request, in arrival order */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** @return number of requests refused or held */
	public int refusedCount() {
		return this.refused.get();
	}

	/**
	 * @param signal {@code traces}, {@code metrics} or {@code logs}
	 * @return accepted requests of that signal
	 */
	public List<Request> requests(String signal) {
		return this.requests.stream().filter((request) -> request.signal().equals(signal)).toList();
	}

	/** @return every received span */
	public List<Span> spans() {
		return collect("traces", (message) -> ((ExportTraceServiceRequest) message).getResourceSpansList()
			.stream()
			.flatMap((resourceSpans) -> resourceSpans.getScopeSpansList().stream())
			.flatMap((scopeSpans) -> scopeSpans.getSpansList().stream())
			.toList());
	}

	/** @return every received metric */
	public List<Metric> metrics() {
		return collect("metrics", (message) -> ((ExportMetricsServiceRequest) message).getResourceMetricsList()
			.stream()
			.flatMap((resourceMetrics) -> resourceMetrics.getScopeMetricsList().stream())
			.flatMap((scopeMetrics) -> scopeMetrics.getMetricsList().stream())
			.toList());
	}

	/** @return every received log record */
	public List<LogRecord> logRecords() {
		return collect("logs", (message) -> ((ExportLogsServiceRequest) message).getResourceLogsList()
			.stream()
			.flatMap((resourceLogs) -> resourceLogs.getScopeLogsList().stream())
			.flatMap((scopeLogs) -> scopeLogs.getLogRecordsList().stream())
			.toList());
	}

	/**
	 * @param signal {@code traces}, {@code metrics} or {@code logs}
	 * @return resources of every request of that signal
	 */
	public List<Resource> resources(String signal) {
		return collect(signal, (message) -> switch (signal) {
			case "traces" -> ((ExportTraceServiceRequest) message).getResourceSpansList()
				.stream()
				.map((item) -> item.getResource())
				.toList();
			case "metrics" -> ((ExportMetricsServiceRequest) message).getResourceMetricsList()
				.stream()
				.map((item) -> item.getResource())
				.toList();
			default -> ((ExportLogsServiceRequest) message).getResourceLogsList()
				.stream()
				.map((item) -> item.getResource())
				.toList();
		});
	}

	/**
	 * Reads one attribute as a string.
	 * @param attributes OTLP attributes
	 * @param key the key
	 * @return its value as text, or {@code null} when absent
	 */
	public static String attribute(List<KeyValue> attributes, String key) {
		for (KeyValue keyValue : attributes) {
			if (keyValue.getKey().equals(key)) {
				AnyValue value = keyValue.getValue();
				return switch (value.getValueCase()) {
					case STRING_VALUE -> value.getStringValue();
					case INT_VALUE -> Long.toString(value.getIntValue());
					case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
					case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
					default -> value.toString();
				};
			}
		}
		return null;
	}

	private <T> List<T> collect(String signal, Function<Message, List<T>> extractor) {
		List<T> result = new ArrayList<>();
		for (Request request : requests(signal)) {
			result.addAll(extractor.apply(request.message()));
		}
		return result;
	}

	private void handleHttp(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.httpClientPorts.add(exchange.getRemoteAddress().getPort());
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (!holdOrAccept()) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			String path = exchange.getRequestURI().getPath();
			String signal = path.substring(path.lastIndexOf('/') + 1);
			boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
			InputStream input = new ByteArrayInputStream(body);
			byte[] decoded = (gzip ? new GZIPInputStream(input) : input).readAllBytes();
			Message response;
			Message request;
			try {
				switch (signal) {
					case "traces" -> {
						request = ExportTraceServiceRequest.parseFrom(decoded);
						response = ExportTraceServiceResponse.getDefaultInstance();
					}
					case "metrics" -> {
						request = ExportMetricsServiceRequest.parseFrom(decoded);
						response = ExportMetricsServiceResponse.getDefaultInstance();
					}
					case "logs" -> {
						request = ExportLogsServiceRequest.parseFrom(decoded);
						response = ExportLogsServiceResponse.getDefaultInstance();
					}
					default -> {
						exchange.sendResponseHeaders(404, -1);
						return;
					}
				}
			}
			catch (InvalidProtocolBufferException ex) {
				exchange.sendResponseHeaders(400, -1);
				return;
			}
			Map<String, String> headers = new TreeMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
			this.requests.add(new Request(signal, "http", headers, gzip, request, body));
			byte[] bytes = response.toByteArray();
			exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream output = exchange.getResponseBody()) {
				output.write(bytes);
			}
		}
	}

	/** Waits while stalled; returns whether the request is to be accepted. */
	private boolean holdOrAccept() {
		if (this.mode == Mode.STALL) {
			this.refused.incrementAndGet();
			try {
				this.stallRelease.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
		if (this.mode == Mode.UNAVAILABLE) {
			this.refused.incrementAndGet();
			return false;
		}
		return true;
	}

	private <T extends Message> void grpcExport(String signal, T request, Message response,
			StreamObserver<Message> observer) {
		if (!holdOrAccept()) {
			observer.onError(Status.UNAVAILABLE.withDescription("receiver refuses").asRuntimeException());
			return;
		}
		GrpcCall call = GrpcCall.current();
		this.requests.add(new Request(signal, "grpc", call.headers(), call.gzip(), request, new byte[0]));
		observer.onNext(response);
		observer.onCompleted();
	}

	@SuppressWarnings("unchecked")
	private static <T> StreamObserver<Message> erase(StreamObserver<T> observer) {
		return (StreamObserver<Message>) (StreamObserver<?>) observer;
	}

	@Override
	public void close() {
		mode(Mode.ACCEPT);
		this.httpServer.stop(0);
		this.httpExecutor.shutdownNow();
		this.grpcServer.shutdownNow();
		try {
			this.grpcServer.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Headers of the gRPC call being handled, handed from the interceptor to the service. */
	private record GrpcCall(Map<String, String> headers, boolean gzip) {

		static final io.grpc.Context.Key<GrpcCall> KEY = io.grpc.Context.key("otlp-receiver-call");

		static GrpcCall current() {
			GrpcCall call = KEY.get();
			return (call != null) ? call : new GrpcCall(Map.of(), false);
		}

	}

	private static final class HeaderCapture implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata,
				ServerCallHandler<Q, R> next) {
			Map<String, String> headers = new TreeMap<>();
			for (String key : metadata.keys()) {
				if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
					String value = metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
					headers.put(key.toLowerCase(Locale.ROOT), value);
				}
			}
			boolean gzip = "gzip".equalsIgnoreCase(headers.get("grpc-encoding"));
			io.grpc.Context context = io.grpc.Context.current().withValue(GrpcCall.KEY, new GrpcCall(headers, gzip));
			return io.grpc.Contexts.interceptCall(context, call, metadata, next);
		}

	}

	private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {

		@Override
		public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
			grpcExport("traces", request, ExportTraceServiceResponse.getDefaultInstance(), erase(observer));
		}

	}

	private final class MetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {

		@Override
		public void export(ExportMetricsServiceRequest request,
				StreamObserver<ExportMetricsServiceResponse> observer) {
			grpcExport("metrics", request, ExportMetricsServiceResponse.getDefaultInstance(), erase(observer));
		}

	}

	private final class LogsService extends LogsServiceGrpc.LogsServiceImplBase {

		@Override
		public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> observer) {
			grpcExport("logs", request, ExportLogsServiceResponse.getDefaultInstance(), erase(observer));
		}

	}

}
