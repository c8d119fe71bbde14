import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * OTLP/HTTP receiver for the load test: accepts every export on 127.0.0.1 with 200 and an empty
 * body, and counts requests and bytes. Run with the JDK's source launcher:
 * {@code java AcceptAllReceiver.java <port-file>}; it writes its port to the file.
 */
public final class AcceptAllReceiver {

	public static void main(String[] args) throws IOException {
		AtomicLong requests = new AtomicLong();
		AtomicLong bytes = new AtomicLong();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			try (exchange; InputStream body = exchange.getRequestBody()) {
				bytes.addAndGet(body.readAllBytes().length);
				requests.incrementAndGet();
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
			}
		});
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.start();
		Files.writeString(Path.of(args[0]), Integer.toString(server.getAddress().getPort()));
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> System.out.println("receiver: " + requests + " requests, " + bytes
					+ " bytes")));
	}

}
