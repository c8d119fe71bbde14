package dev.openframe.telemetry.otel.internal.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import org.jspecify.annotations.Nullable;

/**
 * OTLP http/protobuf sender on {@link HttpURLConnection}: each export is written and its answer
 * read on the thread that exports (the batch processor's or the metric reader's), over a kept-alive
 * connection, where the JDK {@code HttpClient} sender hands every export across several threads.
 * The body is handed over whole rather than streamed, so the JDK does not probe a kept-alive
 * connection before reusing it, and an export over a connection the backend has closed meanwhile
 * still arrives once. Timeouts hold as in OpenTelemetry's senders: the connect timeout for
 * connecting, and the export timeout for the whole export, retries included; a backend that stops
 * reading or answering has its connection closed when the export timeout runs out.
 */
public final class UrlConnectionHttpSender implements HttpSender {

	private static final Set<Integer> RETRYABLE_STATUS = Set.of(429, 502, 503, 504);

	/** Larger bodies are not kept for the next export. */
	private static final int MAX_KEPT_BODY = 4 * 1024 * 1024;

	private static final ThreadLocal<Body> bodies = ThreadLocal.withInitial(Body::new);

	private final URI endpoint;

	private final URL url;

	private final HttpSenderConfig config;

	private final @Nullable Compressor compressor;

	private final @Nullable RetryPolicy retryPolicy;

	private final Predicate<IOException> retryable;

	/**
	 * One factory for every connection: the JDK reuses a kept-alive https connection only for the
	 * same factory instance, and {@link SSLContext#getSocketFactory()} makes a new one on each call.
	 */
	private final @Nullable SSLSocketFactory socketFactory;

	private final ScheduledExecutorService watchdog;

	private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();

	private volatile boolean shutdown;

	/**
	 * Creates a sender for one exporter; all share one daemon thread that closes connections whose
	 * export ran out of time, and that stops when idle for a minute.
	 * @param config the exporter's settings
	 * @return the sender
	 */
	public static HttpSender create(HttpSenderConfig config) {
		return new UrlConnectionHttpSender(config, Watchdog.EXECUTOR);
	}

	UrlConnectionHttpSender(HttpSenderConfig config, ScheduledExecutorService watchdog) {
		this.endpoint = config.getEndpoint();
		this.url = url(this.endpoint);
		this.config = config;
		this.compressor = FastGzipSenders.faster(config.getCompressor());
		this.retryPolicy = config.getRetryPolicy();
		Predicate<IOException> predicate = (this.retryPolicy != null)
				? this.retryPolicy.getRetryExceptionPredicate() : null;
		this.retryable = (predicate != null) ? predicate : (ex) -> !(ex instanceof SSLException);
		this.watchdog = watchdog;
		SSLContext sslContext = config.getSslContext();
		this.socketFactory = (sslContext != null) ? sslContext.getSocketFactory() : null;
	}

	@Override
	public void send(MessageWriter writer, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
		if (this.shutdown) {
			onError.accept(new IllegalStateException("The OTLP sender is shut down"));
			return;
		}
		HttpResponse response;
		try {
			response = sendWithRetries(body(writer));
		}
		catch (IOException | RuntimeException ex) {
			onError.accept(ex);
			return;
		}
		onResponse.accept(response);
	}

	private Body body(MessageWriter writer) throws IOException {
		Body body = bodies.get();
		if (body.capacity() > MAX_KEPT_BODY) {
			body = new Body();
			bodies.set(body);
		}
		body.reset();
		if (this.compressor != null) {
			try (OutputStream compressed = this.compressor.compress(body)) {
				writer.writeMessage(compressed);
			}
		}
		else {
			writer.writeMessage(body);
		}
		return body;
	}

	/**
	 * Posts the body until it is answered with a status not worth retrying, the retry policy's
	 * attempts are used up, or the next wait would pass the timeout; then returns the backend's
	 * last answer, or throws the last failure when it never answered.
	 */
	private HttpResponse sendWithRetries(Body body) throws IOException {
		long start = System.nanoTime();
		long timeoutNanos = this.config.getTimeout().toNanos();
		RetryPolicy retry = this.retryPolicy;
		int maxAttempts = (retry != null) ? retry.getMaxAttempts() : 1;
		long backoffNanos = (retry != null) ? retry.getInitialBackoff().toNanos() : 0;
		Answer answer = null;
		for (int attempt = 1;; attempt++) {
			if (this.shutdown) {
				throw new IOException("The OTLP sender was shut down during the export to " + this.endpoint);
			}
			IOException failure = null;
			try {
				answer = post(body, timeoutNanos - (System.nanoTime() - start));
				if (!RETRYABLE_STATUS.contains(answer.getStatusCode())) {
					return answer;
				}
			}
			catch (IOException ex) {
				if (!this.retryable.test(ex)) {
					throw ex;
				}
				failure = ex;
			}
			long wait = (retry != null) ? (long) (ThreadLocalRandom.current().nextDouble(0.8, 1.2)
					* Math.min(backoffNanos, retry.getMaxBackoff().toNanos())) : 0;
			if (attempt >= maxAttempts || System.nanoTime() - start + wait >= timeoutNanos) {
				// The backend's last answer says more than a retry that ran out of time.
				if (answer != null) {
					return answer;
				}
				throw failure;
			}
			backoffNanos = (long) (backoffNanos * retry.getBackoffMultiplier());
			sleep(wait);
		}
	}

	private Answer post(Body body, long remainingNanos) throws IOException {
		if (remainingNanos <= 0) {
			throw new IOException("OTLP export to " + this.endpoint + " timed out");
		}
		HttpURLConnection connection = open();
		this.inFlight.add(connection);
		ScheduledFuture<?> abort = this.watchdog.schedule(connection::disconnect, remainingNanos,
				TimeUnit.NANOSECONDS);
		try {
			connection.setConnectTimeout(millis(this.config.getConnectTimeout(), remainingNanos));
			connection.setReadTimeout(millis(Duration.ofNanos(remainingNanos), remainingNanos));
			connection.setRequestMethod("POST");
			connection.setDoOutput(true);
			connection.setUseCaches(false);
			connection.setInstanceFollowRedirects(false);
			Map<String, List<String>> headers = this.config.getHeadersSupplier().get();
			if (headers != null) {
				headers.forEach((name, values) -> values.forEach((value) -> connection.addRequestProperty(name, value)));
			}
			connection.setRequestProperty("Content-Type", this.config.getContentType());
			if (this.compressor != null) {
				connection.setRequestProperty("Content-Encoding", this.compressor.getEncoding());
			}
			try (OutputStream out = connection.getOutputStream()) {
				body.writeTo(out);
			}
			int status = connection.getResponseCode();
			String message = connection.getResponseMessage();
			return new Answer(status, (message != null) ? message : String.valueOf(status), readBody(connection));
		}
		catch (IOException | RuntimeException ex) {
			connection.disconnect();
			if (abort.isDone() || this.shutdown) {
				// Closed under the writing thread, which the JDK sometimes reports as a bare NullPointerException.
				throw new IOException("OTLP export to " + this.endpoint + " timed out or was shut down", ex);
			}
			throw ex;
		}
		finally {
			abort.cancel(false);
			this.inFlight.remove(connection);
		}
	}

	private HttpURLConnection open() throws IOException {
		ProxyOptions proxyOptions = this.config.getProxyOptions();
		Proxy proxy = null;
		if (proxyOptions != null) {
			List<Proxy> proxies = proxyOptions.getProxySelector().select(this.endpoint);
			proxy = proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
		}
		HttpURLConnection connection = (HttpURLConnection) ((proxy != null) ? this.url.openConnection(proxy)
				: this.url.openConnection());
		if (this.socketFactory != null && connection instanceof HttpsURLConnection https) {
			https.setSSLSocketFactory(this.socketFactory);
		}
		return connection;
	}

	/** The endpoint as a URL, once: the exporter builders accept only absolute http and https URLs. */
	private static URL url(URI endpoint) {
		try {
			return endpoint.toURL();
		}
		catch (MalformedURLException ex) {
			throw new IllegalArgumentException("Not a URL: " + endpoint, ex);
		}
	}

	private byte[] readBody(HttpURLConnection connection) throws IOException {
		try (InputStream in = responseStream(connection)) {
			if (in == null) {
				return new byte[0];
			}
			long limit = this.config.getMaxResponseBodySize();
			return (limit > 0 && limit < Integer.MAX_VALUE) ? in.readNBytes((int) limit) : in.readAllBytes();
		}
	}

	/** The body of a success, or of an error status, or {@code null} when there is none. */
	private static @Nullable InputStream responseStream(HttpURLConnection connection) {
		try {
			return connection.getInputStream();
		}
		catch (IOException ex) {
			return connection.getErrorStream();
		}
	}

	private static int millis(Duration duration, long remainingNanos) {
		long millis = Math.min(duration.toMillis(), TimeUnit.NANOSECONDS.toMillis(remainingNanos));
		return (int) Math.max(1, Math.min(millis, Integer.MAX_VALUE));
	}

	private static void sleep(long nanos) throws IOException {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while waiting to retry an OTLP export", ex);
		}
	}

	@Override
	public CompletableResultCode shutdown() {
		this.shutdown = true;
		// The SDK has already waited its shutdown timeout: end what is still on the wire.
		this.inFlight.forEach(HttpURLConnection::disconnect);
		return CompletableResultCode.ofSuccess();
	}

	/** The answer to one export request. */
	private record Answer(int status, String message, byte[] body) implements HttpResponse {

		@Override
		public int getStatusCode() {
			return this.status;
		}

		@Override
		public String getStatusMessage() {
			return this.message;
		}

		@Override
		public byte[] getResponseBody() {
			return this.body;
		}

	}

	/** Closes connections whose export ran out of time. */
	private static final class Watchdog {

		static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "openframe-otlp-watchdog");
			thread.setDaemon(true);
			return thread;
		});

		static {
			EXECUTOR.setRemoveOnCancelPolicy(true);
			EXECUTOR.setKeepAliveTime(1, TimeUnit.MINUTES);
			EXECUTOR.allowCoreThreadTimeOut(true);
		}

	}

	/** A thread's reusable request body. */
	private static final class Body extends ByteArrayOutputStream {

		Body() {
			super(64 * 1024);
		}

		int capacity() {
			return this.buf.length;
		}

	}

}
