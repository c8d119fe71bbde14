import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cardinality phase of run.sh: requests that each carry a value of their own, in turn an
 * unknown path, a non-standard method (wrk cannot send one) and a session id, all with the marker
 * "attack", over kept-alive connections from several threads. Prints "answered failed".
 *
 *   java CardinalityClient.java PORT REQUESTS FIRST_VALUE THREADS
 */
public final class CardinalityClient {

	private static final AtomicLong next = new AtomicLong();

	private static final AtomicLong answered = new AtomicLong();

	private static final AtomicLong failed = new AtomicLong();

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		long requests = Long.parseLong(args[1]);
		long first = Long.parseLong(args[2]);
		int threads = Integer.parseInt(args[3]);
		next.set(first);
		long last = first + requests;
		Thread[] workers = new Thread[threads];
		for (int i = 0; i < threads; i++) {
			workers[i] = new Thread(() -> send(port, last));
			workers[i].start();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		System.out.println(answered.get() + " " + failed.get());
	}

	private static void send(int port, long last) {
		Socket socket = null;
		InputStream in = null;
		try {
			long value;
			while ((value = next.getAndIncrement()) < last) {
				if (socket == null) {
					socket = new Socket(InetAddress.getLoopbackAddress(), port);
					socket.setSoTimeout(30_000);
					// One buffer per connection: a response is read whole before the next request goes.
					in = new BufferedInputStream(socket.getInputStream());
				}
				OutputStream out = socket.getOutputStream();
				out.write(request(value).getBytes(StandardCharsets.ISO_8859_1));
				out.flush();
				if (readResponse(in)) {
					socket.close();
					socket = null;
				}
				answered.incrementAndGet();
			}
		}
		catch (IOException ex) {
			failed.incrementAndGet();
			System.err.println("failed: " + ex);
		}
		finally {
			if (socket != null) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// closing anyway
				}
			}
		}
	}

	private static String request(long value) {
		String method = "GET";
		String path = "/items/1";
		String session = "";
		switch ((int) (value % 3)) {
			case 0 -> path = "/attack-path-" + value;
			case 1 -> method = "ATTACK" + value;
			default -> session = "x-session-id: attack-session-" + value + "\r\n";
		}
		return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" + session + "\r\n";
	}

	/** Reads one response whole; returns whether the server closes the connection after it. */
	private static boolean readResponse(InputStream in) throws IOException {
		String head = readHead(in);
		String lower = head.toLowerCase(Locale.ROOT);
		boolean close = lower.contains("\r\nconnection: close");
		if (head.startsWith("HTTP/1.1 204") || head.startsWith("HTTP/1.1 304")) {
			return close;
		}
		if (lower.contains("\r\ntransfer-encoding: chunked")) {
			while (true) {
				String size = readLine(in).trim();
				int semicolon = size.indexOf(';');
				int length = Integer.parseInt((semicolon >= 0) ? size.substring(0, semicolon) : size, 16);
				if (length == 0) {
					while (!readLine(in).isEmpty()) {
						// trailers
					}
					return close;
				}
				skip(in, length);
				readLine(in);
			}
		}
		int index = lower.indexOf("\r\ncontent-length:");
		if (index >= 0) {
			int end = lower.indexOf("\r\n", index + 2);
			skip(in, Integer.parseInt(lower.substring(index + 17, end).trim()));
			return close;
		}
		// No length: the body ends with the connection.
		while (in.read() >= 0) {
			// drain
		}
		return true;
	}

	private static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		String line;
		while (!(line = readLine(in)).isEmpty()) {
			head.append(line).append("\r\n");
		}
		return head.toString();
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new EOFException("connection closed mid-response");
			}
			if (b != '\r') {
				line.write(b);
			}
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static void skip(InputStream in, int length) throws IOException {
		for (int i = 0; i < length; i++) {
			if (in.read() < 0) {
				throw new EOFException("connection closed mid-body");
			}
		}
	}

}
