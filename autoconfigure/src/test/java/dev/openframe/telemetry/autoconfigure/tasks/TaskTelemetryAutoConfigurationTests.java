package dev.openframe.telemetry.autoconfigure.tasks;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.tasks.internal.MdcCorrelation;
import dev.openframe.telemetry.tasks.internal.ScheduledTaskSpans;
import dev.openframe.telemetry.tasks.internal.TaskTracingPostProcessor;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link TaskTelemetryAutoConfiguration} provides, when it backs off, and the switches
 * under {@code openframe.telemetry.tasks}.
 */
class TaskTelemetryAutoConfigurationTests {

	private final InMemorySpanExporter spans = InMemorySpanExporter.create();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskTelemetryAutoConfiguration.class))
		.withBean(OpenTelemetry.class, () -> OpenTelemetrySdk.builder()
			.setTracerProvider(
					SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(this.spans)).build())
			.build());

	@Test
	void providesSpansForTasksAndLogCorrelation() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(TaskTracingPostProcessor.class)
			.hasSingleBean(ScheduledTaskSpans.class)
			.hasSingleBean(MdcCorrelation.class)
			.hasSingleBean(TaskTelemetryProperties.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwnScheduledTaskSpans() {
		ScheduledTaskSpans own = new ScheduledTaskSpans(() -> OpenTelemetry.noop().getTracer("own"));
		this.runner.withBean("ownSpans", ScheduledTaskSpans.class, () -> own)
			.run((context) -> assertThat(context).getBean(ScheduledTaskSpans.class).isSameAs(own));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("openframe.telemetry.tasks.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskTracingPostProcessor.class)
				.doesNotHaveBean(ScheduledTaskSpans.class)
				.doesNotHaveBean(MdcCorrelation.class));
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskTracingPostProcessor.class));
	}

	@Test
	void scheduledAndLogCorrelationSwitchesTurnOffTheirParts() {
		this.runner
			.withPropertyValues("openframe.telemetry.tasks.scheduled.enabled=false",
					"openframe.telemetry.tasks.log-correlation.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(TaskTracingPostProcessor.class)
				.doesNotHaveBean(ScheduledTaskSpans.class)
				.doesNotHaveBean(MdcCorrelation.class));
	}

	@Test
	void withoutTheLogbackMdcLibraryLogsAreLeftAlone() {
		this.runner.withClassLoader(new FilteredClassLoader(OpenTelemetryAppender.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MdcCorrelation.class)
				.hasSingleBean(TaskTracingPostProcessor.class));
	}

	@Test
	void withoutMicrometerObservationScheduledRunsGetNoSpans() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.observation"))
			.run((context) -> assertThat(context).doesNotHaveBean(ScheduledTaskSpans.class));
	}

	@Test
	void withSpanMethodGetsASpan() {
		this.runner.withUserConfiguration(Annotated.class).run((context) -> {
			context.getBean(Annotated.class).traced();
			assertThat(this.spans.getFinishedSpanItems()).extracting(SpanData::getName)
				.containsExactly("Annotated.traced");
		});
	}

	@Test
	void withSpanSwitchTurnsItsSpansOff() {
		this.runner.withUserConfiguration(Annotated.class)
			.withPropertyValues("openframe.telemetry.tasks.with-span.enabled=false")
			.run((context) -> {
				context.getBean(Annotated.class).traced();
				assertThat(this.spans.getFinishedSpanItems()).isEmpty();
			});
	}

	@Test
	void listenersOfAMulticasterWithAnExecutorGetASpanInThePublishersTrace() {
		this.runner.withUserConfiguration(AsyncEvents.class).run((context) -> {
			Span parent = context.getBean(OpenTelemetry.class).getTracer("test").spanBuilder("publish").startSpan();
			try (Scope scope = parent.makeCurrent()) {
				context.publishEvent(new Ping());
			}
			finally {
				parent.end();
			}
			Listener listener = context.getBean(Listener.class);
			assertThat(listener.next()).isNotEqualTo(Thread.currentThread().getName());
			SpanData listenerSpan = awaitSpan("Listener.on");
			assertThat(listenerSpan.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
			assertThat(listenerSpan.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
		});
	}

	@Test
	void listenersOfAMulticasterWithoutAnExecutorAreNotProxied() {
		this.runner.withUserConfiguration(SyncEvents.class).run((context) -> {
			context.publishEvent(new Ping());
			assertThat(context.getBean(Listener.class).next()).isEqualTo(Thread.currentThread().getName());
			assertThat(this.spans.getFinishedSpanItems()).isEmpty();
		});
	}

	private SpanData awaitSpan(String name) throws InterruptedException {
		for (int i = 0; i < 100; i++) {
			for (SpanData span : this.spans.getFinishedSpanItems()) {
				if (span.getName().equals(name)) {
					return span;
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("No span '" + name + "' in " + this.spans.getFinishedSpanItems());
	}

	record Ping() {
	}

	static class Annotated {

		@WithSpan
		public String traced() {
			return "traced";
		}

	}

	static class Listener {

		private final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

		@EventListener
		public void on(Ping ping) {
			this.threads.add(Thread.currentThread().getName());
		}

		public String next() throws InterruptedException {
			return this.threads.poll(5, TimeUnit.SECONDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AsyncEvents {

		@Bean
		SimpleApplicationEventMulticaster applicationEventMulticaster() {
			// An executor that is no bean and carries no context of its own.
			SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();
			multicaster.setTaskExecutor(new SimpleAsyncTaskExecutor("events-"));
			return multicaster;
		}

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SyncEvents {

		@Bean
		Listener listener() {
			return new Listener();
		}

	}

}
