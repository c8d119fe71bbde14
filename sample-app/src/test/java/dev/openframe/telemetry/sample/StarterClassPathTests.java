package dev.openframe.telemetry.sample;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's run-time class path, as an application gets it: no OkHttp or Kotlin standard
 * library (http/protobuf goes through the starter's own sender).
 */
class StarterClassPathTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void bringsNoOkHttpNorKotlin() {
		assertThat(ClassUtils.isPresent("okhttp3.OkHttpClient", this.classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("kotlin.Unit", this.classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider",
				this.classLoader))
			.isFalse();
	}

}
