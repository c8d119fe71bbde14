import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The fault test's fuzz phase: for a number of seconds, several threads send {@code GET /items/1}
 * with generated hostile {@code x-session-id}, {@code traceparent}, {@code tracestate} and
 * {@code baggage} headers (control characters, raw CR/LF, bytes that are not UTF-8, 8 KB values,
 * a thousand baggage members, repeated headers) byte for byte over sockets, as the normal test
 * suite's {@code HostileHeaderPropertyTests} do. Run with the JDK's source launcher:
 * {@code java FuzzClient.java <port> <seconds> <threads> [seed]}.
 * <p>
 * A request that reached the application (its response carries the session header) must have
 * the status it has without hostile headers, 200, and a session header of 1 to 128 safe
 * characters; one that did not must be Tomcat's own 400 (or a connection Tomcat closed after
 * rejecting the header). It prints one summary line and exits 1 on any other outcome.
 */
public final class FuzzClient {

	private static final Pattern SAFE_SESSION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	private static final String[] SYNTAX = { "\"", "\\", "\",\"forged\":\"x", "}{\"forged\":1}", "%0d%0a", "\\u000a",
			"\u0085", "\u00ff\u00fe", "\t", "\u0000", "\u001b[31m", "${jndi:ldap://x}", "=", ",", ";", "\u00c3\u0028" };

	private static final AtomicLong sent = new AtomicLong();

	private static final AtomicLong reachedApp = new AtomicLong();

	private static final AtomicLong rejected = new AtomicLong();

	private static final AtomicLong wrong = new AtomicLong();

	private static final ConcurrentHashMap<String, String> examples = new ConcurrentHashMap<>();

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
		int threads = Integer.parseInt(args[2]);
		long seed = (args.length > 3) ? Long.parseLong(args[3]) : System.nanoTime();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Random random = new Random(seed + t);
			Thread worker = new Thread(() -> {
				while (System.nanoTime() < deadline) {
					one(port, random);
				}
			});
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		System.out.printf("fuzz seed=%d sent=%d reached_app=%d rejected_by_tomcat=%d wrong=%d%n", seed, sent.get(),
				reachedApp.get(), rejected.get(), wrong.get());
		examples.forEach((what, request) -> System.out.println("  wrong: " + what + " for " + request));
		System.exit((wrong.get() == 0 && reachedApp.get() > 0) ? 0 : 1);
	}

	private static void one(int port, Random random) {
		List<String> headers = new ArrayList<>();
		repeat(random, () -> headers.add("x-session-id: " + sessionId(random)));
		repeat(random, () -> headers.add("traceparent: " + traceparent(random)));
		repeat(random, () -> headers.add("tracestate: " + text(random, 64, true)));
		repeat(random, () -> headers.add("baggage: " + baggage(random)));
		sent.incrementAndGet();
		int status;
		List<String> session;
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder request = new StringBuilder("GET /items/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
			headers.forEach((header) -> request.append(header).append("\r\n"));
			out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			String head = readHead(socket.getInputStream());
			if (head.isEmpty()) {
				rejected.incrementAndGet();
				return;
			}
			status = Integer.parseInt(head.split(" ", 3)[1]);
			session = new ArrayList<>();
			for (String line : head.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("x-session-id:")) {
					session.add(line.substring(13).trim());
				}
			}
		}
		catch (SocketException ex) {
			// Tomcat answers 400 and closes while the request is still being written.
			rejected.incrementAndGet();
			return;
		}
		catch (IOException ex) {
			fail("I/O " + ex, headers);
			return;
		}
		if (session.isEmpty()) {
			if (status == 400) {
				rejected.incrementAndGet();
			}
			else {
				fail("status " + status + " without a session header", headers);
			}
			return;
		}
		reachedApp.incrementAndGet();
		if (status != 200) {
			fail("status " + status, headers);
		}
		else if (session.size() != 1 || !SAFE_SESSION.matcher(session.get(0)).matches()) {
			fail("session header " + session, headers);
		}
	}

	private static void fail(String what, List<String> headers) {
		wrong.incrementAndGet();
		if (examples.size() < 5) {
			String shown = headers.stream()
				.map((header) -> (header.length() > 100) ? header.substring(0, 100) + "...(" + header.length() + ")" : header)
				.map((header) -> header.replace("\r", "\\r").replace("\n", "\\n"))
				.toList()
				.toString();
			examples.putIfAbsent(what, shown);
		}
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		int b;
		while (matched < 4 && (b = in.read()) != -1) {
			head.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private static void repeat(Random random, Runnable add) {
		int roll = random.nextInt(9);
		int count = (roll <= 2) ? 0 : (roll <= 7) ? 1 : 2 + random.nextInt(2);
		for (int i = 0; i < count; i++) {
			add.run();
		}
	}

	private static String sessionId(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> chars(random, "abcXYZ019._:-", 1 + random.nextInt(128));
			case 1 -> chars(random, "abcXYZ019._:-", 129 + random.nextInt(172));
			case 2 -> "\",\"forged\":\"yes";
			case 3 -> "x".repeat(8192);
			default -> text(random, 140, true);
		};
	}

	private static String traceparent(Random random) {
		String valid = "00-" + chars(random, "0123456789abcdef", 32) + "-" + chars(random, "0123456789abcdef", 16) + "-01";
		return switch (random.nextInt(5)) {
			case 0 -> valid;
			case 1 -> {
				int at = 3 + random.nextInt(52);
				yield valid.substring(0, at) + (char) (1 + random.nextInt(255)) + valid.substring(at + 1);
			}
			case 2 -> valid + "-" + "x".repeat(8192);
			case 3 -> valid.toUpperCase(Locale.ROOT);
			default -> text(random, 80, true);
		};
	}

	private static String baggage(Random random) {
		return switch (random.nextInt(3)) {
			case 0 -> {
				StringBuilder members = new StringBuilder();
				int count = 1 + random.nextInt(1000);
				for (int i = 0; i < count; i++) {
					members.append((i > 0) ? "," : "").append(chars(random, "abcdefghij", 1 + random.nextInt(8))).append('=')
						.append(chars(random, "0123456789abcdef", random.nextInt(20)));
				}
				yield members.toString();
			}
			case 1 -> "big=" + "x".repeat(8192);
			default -> text(random, 200, false);
		};
	}

	/** Any byte but CR and LF, UTF-8 of any character, or JSON and log syntax; sometimes a raw line break. */
	private static String text(Random random, int maxLength, boolean lineBreaks) {
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(maxLength + 1);
		switch (random.nextInt(3)) {
			case 0 -> {
				for (int i = 0; i < length; i++) {
					char c = (char) random.nextInt(256);
					text.append((c == '\r' || c == '\n') ? ' ' : c);
				}
			}
			case 1 -> {
				StringBuilder unicode = new StringBuilder();
				for (int i = 0; i < length / 4; i++) {
					int codePoint = random.nextInt(Character.MAX_CODE_POINT + 1);
					if (!Character.isSurrogate((char) codePoint) && codePoint != '\r' && codePoint != '\n') {
						unicode.appendCodePoint(codePoint);
					}
				}
				text.append(new String(unicode.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
			}
			default -> {
				for (int i = random.nextInt(9); i > 0; i--) {
					text.append(SYNTAX[random.nextInt(SYNTAX.length)]);
				}
			}
		}
		if (lineBreaks && random.nextInt(6) == 0) {
			text.insert(random.nextInt(text.length() + 1), new String[] { "\r\n", "\n", "\r", "\r\nx-forged: 1" }[random
				.nextInt(4)]);
		}
		return text.toString();
	}

	private static String chars(Random random, String alphabet, int length) {
		char[] chars = new char[length];
		for (int i = 0; i < length; i++) {
			chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
		}
		return new String(chars);
	}

}
