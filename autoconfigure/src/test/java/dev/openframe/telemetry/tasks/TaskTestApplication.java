package dev.openframe.telemetry.tasks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * An application with each kind of work that does not start with an HTTP request: a scheduled
 * job that logs, one that fails, {@code @Async} methods on Boot's and on the application's own
 * executor, an asynchronous event listener, a retried method and {@code @WithSpan} methods.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@EnableScheduling
@EnableAsync
@EnableResilientMethods
class TaskTestApplication {

	@Bean
	ReportJob reportJob() {
		return new ReportJob();
	}

	@Bean
	FailingJob failingJob() {
		return new FailingJob();
	}

	@Bean
	Worker worker() {
		return new Worker();
	}

	@Bean
	Flaky flaky() {
		return new Flaky();
	}

	@Bean
	Annotated annotated() {
		return new Annotated();
	}

	@Bean
	AuditListener auditListener() {
		return new AuditListener();
	}

	/** The application's own pool, made without Spring Boot's builder: no decorator of Boot's. */
	@Bean
	ThreadPoolTaskExecutor ownPool() {
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setCorePoolSize(2);
		pool.setThreadNamePrefix("own-pool-");
		return pool;
	}

	/** A plain JDK executor service bean. */
	@Bean(destroyMethod = "shutdownNow")
	ExecutorService plainPool() {
		return Executors.newFixedThreadPool(2);
	}

	static class ReportJob {

		private static final Logger logger = LoggerFactory.getLogger("test.tasks.report");

		@Scheduled(fixedDelay = 200)
		public void run() {
			logger.info("report run");
		}

	}

	static class FailingJob {

		@Scheduled(fixedDelay = 200)
		public void run() {
			throw new IllegalStateException("job failed");
		}

	}

	static class Worker {

		@Async
		public CompletableFuture<String> onBootExecutor() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@Async("ownPool")
		public CompletableFuture<String> onOwnPool() {
			return CompletableFuture.completedFuture(Thread.currentThread().getName());
		}

		@Async
		public void failing() {
			throw new IllegalArgumentException("async failure");
		}

	}

	record AuditEvent(String what) {
	}

	static class AuditListener {

		private final java.util.concurrent.BlockingQueue<String> threads = new java.util.concurrent.LinkedBlockingQueue<>();

		@Async
		@EventListener
		public void on(AuditEvent event) {
			this.threads.add(Thread.currentThread().getName());
		}

		public String nextThread() throws InterruptedException {
			return this.threads.poll(5, java.util.concurrent.TimeUnit.SECONDS);
		}

	}

	static class Flaky {

		final AtomicInteger calls = new AtomicInteger();

		@Retryable(maxRetries = 3, delay = 0)
		public String succeedsOnThird() {
			if (this.calls.incrementAndGet() < 3) {
				throw new IllegalStateException("not yet");
			}
			return "done";
		}

		@Retryable(maxRetries = 1, delay = 0)
		public String alwaysFails() {
			throw new UnsupportedOperationException("never");
		}

	}

	static class Annotated {

		@WithSpan
		public String plain() {
			return "plain";
		}

		@WithSpan(value = "price lookup", kind = SpanKind.CLIENT)
		public long price(@SpanAttribute("item.id") String itemId, @SpanAttribute long quantity, String notTraced) {
			return quantity * 2;
		}

		@WithSpan
		public CompletableFuture<String> later(CompletableFuture<String> result) {
			return result;
		}

	}

}
