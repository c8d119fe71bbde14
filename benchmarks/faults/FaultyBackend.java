import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * An OTLP/HTTP backend for the fault test whose behaviour the script switches while the app
 * exports to it. Run with the JDK's source launcher:
 * {@code java FaultyBackend.java <port-file> <control-port-file>}; it writes both ports.
 * <p>
 * Modes, set with {@code GET http://127.0.0.1:<control>/mode?set=MODE}:
 * <ul>
 * <li>{@code accept}: 200 with an empty body;</li>
 * <li>{@code dead}: the listening socket is closed (connection refused) until another mode;</li>
 * <li>{@code stall}: accepts and reads the request, never answers (the client times out);</li>
 * <li>{@code 503}: 503 Service Unavailable;</li>
 * <li>{@code 429}: 429 Too Many Requests with {@code Retry-After: 1};</li>
 * <li>{@code slow}: 200 after 5 s.</li>
 * </ul>
 * {@code GET /stats} on the control port answers one line {@code key=value ...}: export requests
 * and spans by answer ({@code accepted_spans}, {@code accepted_server_spans}, {@code refused_requests}
 * ...), the time of the last accepted trace export ({@code last_accepted_ms}, epoch millis) and how
 * long after the last mode switch the first trace export was accepted ({@code resume_ms}, -1 if
 * none yet).
 * The spans are counted by walking the protobuf of {@code ExportTraceServiceRequest}, so the
 * program needs nothing but the JDK.
 */
public final class FaultyBackend {

	private static volatile String mode = "accept";

	private static volatile ServerSocket listener;

	private static int port;

	private static final AtomicLong acceptedRequests = new AtomicLong();

	private static final AtomicLong acceptedSpans = new AtomicLong();

	private static final AtomicLong acceptedServerSpans = new AtomicLong();

	private static final AtomicLong refusedRequests = new AtomicLong();

	private static final AtomicLong stalledRequests = new AtomicLong();

	private static final AtomicLong lastAcceptedMillis = new AtomicLong();

	private static volatile long switchedMillis = System.currentTimeMillis();

	/** First trace export accepted since the last mode switch, in epoch millis; 0 if none yet. */
	private static final AtomicLong firstAcceptedAfterSwitch = new AtomicLong();

	public static void main(String[] args) throws Exception {
		listener = open(0);
		port = listener.getLocalPort();
		startAcceptLoop(listener);
		HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		control.createContext("/mode", (exchange) -> {
			String query = exchange.getRequestURI().getQuery();
			String answer;
			if (query != null && query.startsWith("set=")) {
				answer = switchTo(query.substring(4).toLowerCase(Locale.ROOT));
			}
			else {
				answer = mode;
			}
			byte[] body = (answer + "\n").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.startsWith("unknown") ? 400 : 200, body.length);
			try (exchange; OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		control.createContext("/stats", (exchange) -> {
			String stats = "mode=" + mode + " accepted_requests=" + acceptedRequests + " accepted_spans=" + acceptedSpans
					+ " accepted_server_spans=" + acceptedServerSpans + " refused_requests=" + refusedRequests
					+ " stalled_requests=" + stalledRequests + " last_accepted_ms=" + lastAcceptedMillis + " resume_ms="
					+ ((firstAcceptedAfterSwitch.get() == 0) ? -1 : firstAcceptedAfterSwitch.get() - switchedMillis) + "\n";
			byte[] body = stats.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (exchange; OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		control.start();
		Files.writeString(Path.of(args[1]), Integer.toString(control.getAddress().getPort()));
		Files.writeString(Path.of(args[0]), Integer.toString(port));
	}

	private static synchronized String switchTo(String next) throws IOException {
		switch (next) {
			case "accept", "dead", "stall", "503", "429", "slow" -> {
			}
			default -> {
				return "unknown mode " + next + ": accept, dead, stall, 503, 429, slow";
			}
		}
		if (next.equals("dead") && listener != null) {
			// Refuse connections: close the listening socket; open connections close as they answer.
			listener.close();
			listener = null;
		}
		else if (!next.equals("dead") && listener == null) {
			listener = open(port);
			startAcceptLoop(listener);
		}
		mode = next;
		firstAcceptedAfterSwitch.set(0);
		switchedMillis = System.currentTimeMillis();
		return next;
	}

	private static ServerSocket open(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
		return socket;
	}

	private static void startAcceptLoop(ServerSocket server) {
		Thread loop = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					Thread connection = new Thread(() -> serve(socket), "connection");
					connection.setDaemon(true);
					connection.start();
				}
				catch (IOException ex) {
					// Closed by a switch to 'dead'.
				}
			}
		}, "accept");
		loop.setDaemon(false);
		loop.start();
	}

	/** Serves one keep-alive connection, one request at a time, as the mode says at each request. */
	private static void serve(Socket socket) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			while (true) {
				Request request = Request.read(in);
				if (request == null) {
					return;
				}
				String current = mode;
				switch (current) {
					case "stall" -> {
						stalledRequests.incrementAndGet();
						// Never answer: wait until the client gives up and closes the connection.
						while (in.read() != -1) {
						}
						return;
					}
					case "503" -> {
						refusedRequests.incrementAndGet();
						answer(out, "503 Service Unavailable", "");
					}
					case "429" -> {
						refusedRequests.incrementAndGet();
						answer(out, "429 Too Many Requests", "Retry-After: 1\r\n");
					}
					case "dead" -> {
						// A connection opened before the switch: reset it, as a dead backend would.
						socket.setSoLinger(true, 0);
						return;
					}
					default -> {
						if (current.equals("slow")) {
							Thread.sleep(5000);
						}
						accept(request);
						answer(out, "200 OK", "Content-Type: application/x-protobuf\r\n");
					}
				}
			}
		}
		catch (IOException | InterruptedException ex) {
			// The client closed the connection (a timeout, or the app stopping).
		}
	}

	private static void accept(Request request) throws IOException {
		acceptedRequests.incrementAndGet();
		if (request.path.endsWith("/v1/traces")) {
			byte[] body = request.body;
			if (request.gzip) {
				body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
			}
			long[] counts = new long[2];
			try {
				countSpans(body, counts);
			}
			catch (RuntimeException ex) {
				System.out.println("not an ExportTraceServiceRequest: " + ex);
			}
			acceptedSpans.addAndGet(counts[0]);
			acceptedServerSpans.addAndGet(counts[1]);
			long now = System.currentTimeMillis();
			lastAcceptedMillis.set(now);
			firstAcceptedAfterSwitch.compareAndSet(0, now);
		}
	}

	private static void answer(OutputStream out, String status, String headers) throws IOException {
		out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Content-Length: 0\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	/**
	 * Counts spans, and SERVER spans among them, in an ExportTraceServiceRequest: resource_spans
	 * (1) → scope_spans (2) → spans (2) → kind (6, SERVER = 2).
	 */
	private static void countSpans(byte[] request, long[] counts) {
		forEachField(request, 0, request.length, (field, start, end) -> {
			if (field == 1) {
				forEachField(request, start, end, (rsField, rsStart, rsEnd) -> {
					if (rsField == 2) {
						forEachField(request, rsStart, rsEnd, (ssField, spanStart, spanEnd) -> {
							if (ssField == 2) {
								counts[0]++;
								forEachField(request, spanStart, spanEnd, (spanField, kindValue, ignored) -> {
									if (spanField == 6 && kindValue == 2) {
										counts[1]++;
									}
								});
							}
						});
					}
				});
			}
		});
	}

	/** Receives length-delimited fields as (field, start, end) and varint fields as (field, value, -1). */
	interface FieldVisitor {

		void visit(int field, int start, int end);

	}

	private static void forEachField(byte[] data, int from, int to, FieldVisitor visitor) {
		int[] position = { from };
		while (position[0] < to) {
			long key = varint(data, position);
			int field = (int) (key >>> 3);
			switch ((int) (key & 7)) {
				case 0 -> visitor.visit(field, (int) varint(data, position), -1);
				case 1 -> position[0] += 8;
				case 2 -> {
					int length = (int) varint(data, position);
					visitor.visit(field, position[0], position[0] + length);
					position[0] += length;
				}
				case 5 -> position[0] += 4;
				default -> throw new IllegalArgumentException("wire type " + (key & 7));
			}
		}
	}

	private static long varint(byte[] data, int[] position) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte b = data[position[0]++];
			value |= (long) (b & 0x7f) << shift;
			if (b >= 0) {
				return value;
			}
		}
		throw new IllegalArgumentException("varint too long");
	}

	/** One HTTP/1.1 request with a Content-Length body (the OTLP exporters send no chunked bodies). */
	record Request(String path, boolean gzip, byte[] body) {

		static Request read(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int matched = 0;
			int b;
			while (matched < 4) {
				b = in.read();
				if (b == -1) {
					return null;
				}
				head.write(b);
				matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
			}
			String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
			String path = lines[0].split(" ")[1];
			int length = 0;
			boolean gzip = false;
			for (String line : lines) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring(15).trim());
				}
				else if (lower.startsWith("content-encoding:") && lower.contains("gzip")) {
					gzip = true;
				}
				else if (lower.startsWith("transfer-encoding:")) {
					throw new SocketException("chunked bodies are not supported");
				}
			}
			return new Request(path, gzip, in.readNBytes(length));
		}

	}

}
