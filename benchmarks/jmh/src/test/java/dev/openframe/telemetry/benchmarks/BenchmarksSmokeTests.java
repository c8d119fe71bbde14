package dev.openframe.telemetry.benchmarks;

import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The only benchmark work in the build: every benchmark runs once, briefly and in-process, to
 * prove the harness still works. It measures nothing worth reading.
 */
class BenchmarksSmokeTests {

	@Test
	void everyBenchmarkRuns() throws Exception {
		Options options = new OptionsBuilder().include("dev\\.openframe\\.telemetry\\.benchmarks\\..*")
			.forks(0)
			.warmupIterations(1)
			.warmupTime(TimeValue.milliseconds(50))
			.measurementIterations(1)
			.measurementTime(TimeValue.milliseconds(50))
			.shouldFailOnError(true)
			.build();
		Collection<RunResult> results = new Runner(options).run();
		// 5 filter set-ups, 3 proxy set-ups, 4 parts, 2 ECS events in 2 formats with and without MDC
		// correlation, 2 span exports in 2 memory modes, 3 statement set-ups, 2 Kafka record paths
		// in 3 set-ups, 2 metric collections.
		assertThat(results).hasSize(35)
			.allSatisfy((result) -> assertThat(result.getPrimaryResult().getScore()).isFinite().isPositive());
	}

}
