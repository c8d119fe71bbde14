package dev.openframe.telemetry.metrics.internal;

import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MaximumTagSetsMeterFilter} on a real registry.
 */
@ExtendWith(OutputCaptureExtension.class)
class MaximumTagSetsMeterFilterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	MaximumTagSetsMeterFilterTests() {
		this.registry.config()
			.meterFilter(new MaximumTagSetsMeterFilter(List.of("adapter.operation."), 3, "'test.limit'"));
	}

	@Test
	void stopsRegisteringNewTagSetsAtTheCapAndWarnsOnce(CapturedOutput output) {
		for (int i = 0; i < 10; i++) {
			timer("adapter.operation.duration", "op" + i).record(java.time.Duration.ofMillis(1));
		}
		assertThat(this.registry.find("adapter.operation.duration").timers()).hasSize(3);
		assertThat(output.getOut().lines().filter((line) -> line.contains("Meter 'adapter.operation.duration'")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN").contains("3 tag combinations").contains("'test.limit'"));
	}

	@Test
	void knownTagSetsKeepRecordingPastTheCap() {
		for (int i = 0; i < 5; i++) {
			timer("adapter.operation.duration", "op" + i).record(java.time.Duration.ofMillis(1));
		}
		timer("adapter.operation.duration", "op0").record(java.time.Duration.ofMillis(1));
		assertThat(this.registry.get("adapter.operation.duration").tag("operation", "op0").timer().count())
			.isEqualTo(2);
	}

	@Test
	void eachNameHasItsOwnCapAndOtherMetersAreNotCapped(CapturedOutput output) {
		for (int i = 0; i < 5; i++) {
			timer("adapter.operation.duration", "op" + i);
			timer("adapter.operation.other", "op" + i);
			timer("application.duration", "op" + i);
		}
		assertThat(this.registry.find("adapter.operation.duration").timers()).hasSize(3);
		assertThat(this.registry.find("adapter.operation.other").timers()).hasSize(3);
		assertThat(this.registry.find("application.duration").timers()).hasSize(5);
		assertThat(output.getOut().lines().filter((line) -> line.contains("tag combinations"))).hasSize(2);
	}

	private Timer timer(String name, String operation) {
		return Timer.builder(name).tag("adapter", "item").tag("operation", operation).register(this.registry);
	}

}
