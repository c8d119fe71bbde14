package dev.openframe.telemetry.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends an HTTP/1.1 request byte for byte over a socket, for header values that ordinary clients
 * refuse to send (line breaks, raw non-ASCII, repeated headers), and reads the response head.
 */
public final class RawHttp {

	/**
	 * A response head.
	 *
	 * @param status the status code
	 * @param headers header lines as {@code name: value}, names in lower case
	 */
	public record Response(int status, List<String> headers) {

		/**
		 * @param name header name in lower case
		 * @return values of that header
		 */
		public List<String> header(String name) {
			List<String> values = new ArrayList<>();
			for (String line : this.headers) {
				int colon = line.indexOf(':');
				if (line.substring(0, colon).equals(name)) {
					values.add(line.substring(colon + 1).trim());
				}
			}
			return values;
		}

	}

	private RawHttp() {
	}

	/**
	 * Sends {@code GET path} with the given raw header bytes.
	 * @param port server port on 127.0.0.1
	 * @param path request target
	 * @param rawHeaders header lines, each without its terminating CRLF, as bytes
	 * @return the response head
	 */
	public static Response get(int port, String path, byte[]... rawHeaders) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			for (byte[] header : rawHeaders) {
				out.write(header);
				out.write(new byte[] { '\r', '\n' });
			}
			out.write(new byte[] { '\r', '\n' });
			out.flush();
			// Buffered: the head is read byte by byte, and the socket is closed right after it.
			return readHead(new BufferedInputStream(socket.getInputStream()));
		}
	}

	/**
	 * Sends requests pipelined over one keep-alive connection (all written, then all responses
	 * read in order), far cheaper per request than a client that waits for each response. Each
	 * request is the full request head, such as {@code "GET /path HTTP/1.1\r\nHost: x\r\n\r\n"};
	 * the server must keep the connection open for all of them (Tomcat does for up to 100).
	 * @param port server port on 127.0.0.1
	 * @param requests the requests, without bodies
	 * @return the status of each response, in order
	 */
	public static int[] pipelined(int port, List<byte[]> requests) throws IOException {
		int[] statuses = new int[requests.size()];
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(30_000);
			socket.setTcpNoDelay(true);
			OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
			for (byte[] request : requests) {
				out.write(request);
			}
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
			for (int i = 0; i < statuses.length; i++) {
				Response response = readHead(in);
				statuses[i] = response.status();
				skipBody(in, response);
			}
		}
		return statuses;
	}

	private static void skipBody(InputStream in, Response response) throws IOException {
		List<String> length = response.header("content-length");
		if (!length.isEmpty()) {
			in.skipNBytes(Long.parseLong(length.get(0)));
		}
		else if (response.header("transfer-encoding").stream().anyMatch((value) -> value.equalsIgnoreCase("chunked"))) {
			long size;
			do {
				size = Long.parseLong(readLine(in).split(";")[0].trim(), 16);
				in.skipNBytes(size);
				readLine(in);
			}
			while (size > 0);
		}
		else if (response.status() >= 200 && response.status() != 204 && response.status() != 304) {
			throw new IOException("Response of unknown length: " + response);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) != '\n') {
			if (b == -1) {
				throw new IOException("Connection closed within a chunked body");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	private static Response readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		int b;
		while (matched < 4 && (b = in.read()) != -1) {
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		List<String> headers = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			if (!lines[i].isEmpty()) {
				int colon = lines[i].indexOf(':');
				headers.add(lines[i].substring(0, colon).toLowerCase(Locale.ROOT) + lines[i].substring(colon));
			}
		}
		return new Response(status, headers);
	}

}
