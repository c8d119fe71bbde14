package dev.openframe.telemetry.web;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * A small Spring MVC application with one endpoint per request shape the filter must handle.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
class WebTestApplication {

	/** Released by tests to let {@code /held} requests complete. */
	static volatile CountDownLatch release = new CountDownLatch(0);

	/** Counted down by the client once it has received the first streamed chunk. */
	static volatile CountDownLatch firstChunkReceived = new CountDownLatch(0);

	/** An exception declared inside another class. */
	static class NestedFailure extends RuntimeException {

		NestedFailure() {
			super("nested boom");
		}

	}

	@RestController
	static class TestController {

		private static final Logger logger = LoggerFactory.getLogger(TestController.class);

		private final Executor executor;

		private final RestClient.Builder restClient;

		private final WebClient.Builder webClient;

		TestController(@Qualifier("applicationTaskExecutor") Executor executor, RestClient.Builder restClient,
				WebClient.Builder webClient) {
			this.executor = executor;
			this.restClient = restClient;
			this.webClient = webClient;
		}

		@GetMapping("/items/{id}")
		Map<String, Object> item(@PathVariable String id) {
			logger.info("Loading item {}", id);
			return Map.of("id", id);
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/boom/anonymous")
		String boomAnonymous() {
			// An anonymous class has an empty simple name: only its binary name says what failed.
			throw new IllegalStateException("anonymous boom") {
			};
		}

		@GetMapping("/boom/nested")
		String boomNested() {
			throw new NestedFailure();
		}

		@GetMapping("/status/{code}")
		ResponseEntity<String> status(@PathVariable int code) {
			return ResponseEntity.status(code).body("status " + code);
		}

		@GetMapping("/early")
		void early(HttpServletResponse response) throws Exception {
			response.getWriter().write("committed early");
			response.flushBuffer();
			response.setHeader("x-too-late", "ignored");
		}

		@GetMapping("/reset")
		void reset(HttpServletResponse response) throws Exception {
			response.setHeader("x-before-reset", "gone");
			response.reset();
			response.getWriter().write("after reset");
		}

		@GetMapping("/reset-after-write")
		void resetAfterWrite(HttpServletResponse response) throws Exception {
			response.getWriter().write("x".repeat(3000));
			response.reset();
			response.getWriter().write("after reset");
		}

		@GetMapping("/reset-buffer-after-write")
		void resetBufferAfterWrite(HttpServletResponse response) throws Exception {
			OutputStream out = response.getOutputStream();
			out.write(new byte[3000]);
			response.resetBuffer();
			out.write(new byte[42]);
		}

		@GetMapping("/reset-after-flush")
		void resetAfterFlush(HttpServletResponse response) throws Exception {
			response.getWriter().write("sent before reset");
			response.flushBuffer();
			try {
				response.reset();
			}
			catch (IllegalStateException ex) {
				// Committed: nothing can be taken back.
			}
			response.getWriter().write(", and after");
		}

		@GetMapping("/redirect-after-write")
		void redirectAfterWrite(HttpServletResponse response) throws Exception {
			response.getWriter().write("x".repeat(3000));
			response.sendRedirect("/items/1");
		}

		@GetMapping("/text")
		String text() {
			// 2-, 3- and 4-byte UTF-8 characters.
			return "h\u00e9llo \u20ac \uD83D\uDE00";
		}

		@GetMapping("/callable")
		Callable<String> callable() {
			return () -> {
				Thread.sleep(150);
				return "callable";
			};
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			CompletableFuture.delayedExecutor(150, TimeUnit.MILLISECONDS).execute(() -> result.setResult("deferred"));
			return result;
		}

		@GetMapping("/deferred-timeout")
		DeferredResult<String> deferredTimeout() {
			return new DeferredResult<>(100L);
		}

		@GetMapping("/future")
		CompletableFuture<String> future() {
			return CompletableFuture.supplyAsync(() -> {
				sleep(150);
				logger.info("Completing future");
				return "future";
			}, this.executor);
		}

		@GetMapping("/future-failure")
		CompletableFuture<String> futureFailure() {
			return CompletableFuture.supplyAsync(() -> {
				sleep(50);
				throw new IllegalStateException("async boom");
			}, this.executor);
		}

		@GetMapping("/sse")
		SseEmitter sse() {
			SseEmitter emitter = new SseEmitter(5_000L);
			this.executor.execute(() -> {
				try {
					for (int i = 0; i < 3; i++) {
						emitter.send("event-" + i);
						sleep(50);
					}
					emitter.complete();
				}
				catch (Exception ex) {
					emitter.completeWithError(ex);
				}
			});
			return emitter;
		}

		@GetMapping("/stream")
		StreamingResponseBody stream(@RequestParam int megabytes, @RequestParam(defaultValue = "false") boolean handshake) {
			return (OutputStream out) -> {
				byte[] chunk = new byte[64 * 1024];
				long total = (long) megabytes * 1024 * 1024;
				for (long written = 0; written < total; written += chunk.length) {
					out.write(chunk);
					out.flush();
					if (handshake && written == 0) {
						// The client can only see this chunk if nothing is buffered on the way.
						await(firstChunkReceived);
					}
				}
			};
		}

		@GetMapping("/held")
		DeferredResult<String> held() {
			DeferredResult<String> result = new DeferredResult<>(30_000L);
			CountDownLatch latch = release;
			CompletableFuture.runAsync(() -> {
				await(latch);
				result.setResult("released");
			});
			return result;
		}

		@GetMapping("/downstream")
		String downstream(@RequestParam String url) {
			return this.restClient.build().get().uri(url).retrieve().body(String.class);
		}

		@GetMapping("/downstream-webclient")
		String downstreamWithWebClient(@RequestParam String url) {
			return this.webClient.build().get().uri(url).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
		}

		@GetMapping("/unmatched-status")
		ResponseEntity<String> notFound() {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body("nothing");
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static void await(CountDownLatch latch) {
			try {
				if (!latch.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException("latch not released");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
