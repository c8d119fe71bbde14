package dev.openframe.telemetry.otel.internal.export;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The http/protobuf sender against real local servers: what reaches the backend, connection
 * reuse, retries, and a backend that never answers or stops reading, which must cost the export
 * no more than its timeout.
 */
class UrlConnectionHttpSenderTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void postsTheCompressedMessageWithItsHeadersOverOneKeptAliveConnection() throws Exception {
		ScriptedBackend backend = backend();
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), FastGzipSenders.FastGzip.INSTANCE,
				null, Duration.ofSeconds(5), Map.of("Authorization", List.of("Bearer secret"))));
		for (int i = 0; i < 3; i++) {
			assertThat(send(sender, message("export " + i)).getStatusCode()).isEqualTo(200);
		}
		assertThat(backend.requests).hasSize(3);
		for (int i = 0; i < 3; i++) {
			Received request = backend.requests.get(i);
			assertThat(request.method()).isEqualTo("POST");
			assertThat(request.path()).isEqualTo("/v1/traces");
			assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
			assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
			assertThat(request.header("Authorization")).isEqualTo("Bearer secret");
			assertThat(gunzip(request.body())).isEqualTo(("export " + i).getBytes(StandardCharsets.UTF_8));
		}
		assertThat(backend.requests).extracting(Received::clientPort).containsOnly(backend.requests.get(0).clientPort());
	}

	@Test
	void backendThatClosesKeptAliveConnectionsGetsEveryExportOnce() throws Exception {
		ClosingBackend backend = new ClosingBackend();
		this.resources.add(backend);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, null,
				Duration.ofSeconds(5), Map.of()));
		for (int i = 0; i < 3; i++) {
			assertThat(send(sender, message("export " + i)).getStatusCode()).isEqualTo(200);
		}
		assertThat(backend.bodies).containsExactly("export 0", "export 1", "export 2");
	}

	@Test
	void retriesRetryableStatusesAndReturnsTheFirstOtherAnswer() throws Exception {
		ScriptedBackend backend = backend(503, 429, 502, 200);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, quickRetries(5),
				Duration.ofSeconds(5), Map.of()));
		assertThat(send(sender, message("spans")).getStatusCode()).isEqualTo(200);
		assertThat(backend.requests).hasSize(4)
			.allSatisfy((request) -> assertThat(request.body()).isEqualTo("spans".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void returnsTheLastAnswerWhenAttemptsRunOut() throws Exception {
		ScriptedBackend backend = backend(503, 503, 503, 503);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, quickRetries(3),
				Duration.ofSeconds(5), Map.of()));
		assertThat(send(sender, message("spans")).getStatusCode()).isEqualTo(503);
		assertThat(backend.requests).hasSize(3);
	}

	@Test
	void doesNotRetryOtherErrorsAndPassesTheirBodyOn() throws Exception {
		ScriptedBackend backend = backend(400, 200);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, quickRetries(5),
				Duration.ofSeconds(5), Map.of()));
		HttpResponse response = send(sender, message("spans"));
		assertThat(response.getStatusCode()).isEqualTo(400);
		assertThat(new String(response.getResponseBody(), StandardCharsets.UTF_8)).isEqualTo("status 400");
		assertThat(backend.requests).hasSize(1);
	}

	@Test
	void backendThatNeverAnswersFailsTheExportAtItsTimeout() throws Exception {
		SilentBackend backend = silentBackend(64 * 1024);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, null,
				Duration.ofMillis(500), Map.of()));
		long start = System.nanoTime();
		Throwable failure = sendExpectingFailure(sender, message("spans"));
		assertThat(failure).isInstanceOf(IOException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void backendThatStopsReadingIsCutOffAtTheTimeout() throws Exception {
		// A small receive window and a body far larger than the socket buffers: the write blocks.
		SilentBackend backend = silentBackend(4096);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, null,
				Duration.ofMillis(500), Map.of()));
		byte[] large = new byte[16 * 1024 * 1024];
		new Random(1).nextBytes(large);
		long start = System.nanoTime();
		Throwable failure = sendExpectingFailure(sender, message(large));
		assertThat(failure).isInstanceOf(IOException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void shutdownEndsAnExportStillWaitingForItsAnswer() throws Exception {
		SilentBackend backend = silentBackend(64 * 1024);
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, quickRetries(5),
				Duration.ofSeconds(60), Map.of()));
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		exporterThread(() -> sender.send(message("spans"), (response) -> failure.completeExceptionally(
				new AssertionError("answered with status " + response.getStatusCode())), failure::complete));
		await().atMost(Duration.ofSeconds(10)).until(() -> !backend.accepted.isEmpty());
		sender.shutdown();
		assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
		assertThat(backend.accepted).hasSize(1);
	}

	@Test
	void absentBackendFailsTheExport() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		HttpSender sender = UrlConnectionHttpSender.create(config("http://127.0.0.1:" + port + "/v1/traces", null,
				null, Duration.ofSeconds(2), Map.of()));
		assertThat(sendExpectingFailure(sender, message("spans"))).isInstanceOf(IOException.class);
	}

	@Test
	void refusesToSendAfterShutdown() throws Exception {
		ScriptedBackend backend = backend();
		HttpSender sender = UrlConnectionHttpSender.create(config(backend.endpoint(), null, null,
				Duration.ofSeconds(2), Map.of()));
		assertThat(sender.shutdown().isSuccess()).isTrue();
		assertThat(sendExpectingFailure(sender, message("spans"))).isInstanceOf(IllegalStateException.class);
		assertThat(backend.requests).isEmpty();
	}

	/** Sends from another thread, as the batch processors do, so that a hung send fails the test. */
	private static HttpResponse send(HttpSender sender, MessageWriter message) throws Exception {
		CompletableFuture<HttpResponse> answer = new CompletableFuture<>();
		exporterThread(() -> sender.send(message, answer::complete, answer::completeExceptionally));
		return answer.get(10, TimeUnit.SECONDS);
	}

	private static Throwable sendExpectingFailure(HttpSender sender, MessageWriter message) throws Exception {
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		exporterThread(() -> sender.send(message, (response) -> failure.completeExceptionally(
				new AssertionError("answered with status " + response.getStatusCode())), failure::complete));
		return failure.get(10, TimeUnit.SECONDS);
	}

	private static void exporterThread(Runnable export) {
		Thread thread = new Thread(export, "test-exporter");
		thread.setDaemon(true);
		thread.start();
	}

	private static MessageWriter message(String text) {
		return message(text.getBytes(StandardCharsets.UTF_8));
	}

	private static MessageWriter message(byte[] bytes) {
		return new MessageWriter() {

			@Override
			public void writeMessage(OutputStream out) throws IOException {
				out.write(bytes);
			}

			@Override
			public int getContentLength() {
				return bytes.length;
			}

		};
	}

	private static RetryPolicy quickRetries(int attempts) {
		return RetryPolicy.builder()
			.setMaxAttempts(attempts)
			.setInitialBackoff(Duration.ofMillis(10))
			.setMaxBackoff(Duration.ofMillis(50))
			.build();
	}

	private static byte[] gunzip(byte[] body) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
	}

	private ScriptedBackend backend(int... statuses) throws IOException {
		ScriptedBackend backend = new ScriptedBackend(statuses);
		this.resources.add(backend);
		return backend;
	}

	private SilentBackend silentBackend(int receiveBuffer) throws IOException {
		SilentBackend backend = new SilentBackend(receiveBuffer);
		this.resources.add(backend);
		return backend;
	}

	private static HttpSenderConfig config(String endpoint, @Nullable Compressor compressor,
			@Nullable RetryPolicy retryPolicy, Duration timeout, Map<String, List<String>> headers) {
		return new TestConfig(URI.create(endpoint), compressor, retryPolicy, timeout, () -> headers);
	}

	/** A request as the backend saw it. */
	private record Received(String method, String path, Map<String, List<String>> headers, byte[] body,
			int clientPort) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

	/** Answers with the given statuses in turn, then 200; records every request. */
	private static final class ScriptedBackend implements AutoCloseable {

		private final List<Received> requests = new CopyOnWriteArrayList<>();

		private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

		private final HttpServer server;

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		ScriptedBackend(int... statuses) throws IOException {
			for (int status : statuses) {
				this.statuses.add(status);
			}
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", (exchange) -> {
				try (exchange) {
					byte[] body = exchange.getRequestBody().readAllBytes();
					this.requests.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
							Map.copyOf(exchange.getRequestHeaders()), body, exchange.getRemoteAddress().getPort()));
					Integer next = this.statuses.poll();
					int status = (next != null) ? next : 200;
					byte[] answer = ("status " + status).getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(status, answer.length);
					exchange.getResponseBody().write(answer);
				}
			});
			this.server.setExecutor(this.executor);
			this.server.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1/traces";
		}

		@Override
		public void close() {
			this.server.stop(0);
			this.executor.shutdownNow();
		}

	}

	/**
	 * Answers each request with a 200 that leaves the connection open by HTTP's rules, then closes
	 * the connection: the client's next export finds it closed.
	 */
	private static final class ClosingBackend implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());

		private final List<String> bodies = new CopyOnWriteArrayList<>();

		private final Thread acceptor = new Thread(this::serve, "closing-backend");

		ClosingBackend() throws IOException {
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		private void serve() {
			while (!this.server.isClosed()) {
				try (Socket socket = this.server.accept()) {
					InputStream in = socket.getInputStream();
					int length = 0;
					for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
						if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
							length = Integer.parseInt(line.substring(15).trim());
						}
					}
					this.bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
					socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					socket.getOutputStream().flush();
				}
				catch (IOException ex) {
					// closed, or a request cut short: the next connection is served
				}
			}
		}

		private static String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c != '\n'; c = in.read()) {
				if (c < 0) {
					throw new IOException("connection closed");
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getLocalPort() + "/v1/traces";
		}

		@Override
		public void close() throws IOException {
			this.server.close();
		}

	}

	/** Accepts connections and never reads from them nor answers. */
	private static final class SilentBackend implements AutoCloseable {

		private final ServerSocket server;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		private final Thread acceptor;

		SilentBackend(int receiveBuffer) throws IOException {
			this.server = new ServerSocket();
			this.server.setReceiveBufferSize(receiveBuffer);
			this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
			this.acceptor = new Thread(() -> {
				try {
					while (true) {
						this.accepted.add(this.server.accept());
					}
				}
				catch (IOException ex) {
					// closed
				}
			}, "silent-backend");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		String endpoint() {
			return "http://127.0.0.1:" + this.server.getLocalPort() + "/v1/traces";
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

	/** Sender settings as the OTLP exporter builders hand them over. */
	private record TestConfig(URI getEndpoint, @Nullable Compressor getCompressor,
			@Nullable RetryPolicy getRetryPolicy, Duration getTimeout,
			Supplier<Map<String, List<String>>> getHeadersSupplier) implements HttpSenderConfig {

		@Override
		public String getContentType() {
			return "application/x-protobuf";
		}

		@Override
		public Duration getConnectTimeout() {
			return Duration.ofSeconds(2);
		}

		@Override
		public @Nullable ProxyOptions getProxyOptions() {
			return null;
		}

		@Override
		public @Nullable SSLContext getSslContext() {
			return null;
		}

		@Override
		public @Nullable X509TrustManager getTrustManager() {
			return null;
		}

		@Override
		public @Nullable ExecutorService getExecutorService() {
			return null;
		}

	}

}
