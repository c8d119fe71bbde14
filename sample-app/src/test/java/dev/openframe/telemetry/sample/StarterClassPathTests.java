package dev.openframe.telemetry.sample;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's run-time class path, as an application gets it: the JDK HTTP sender for OTLP and
 * no OkHttp or Kotlin standard library.
 */
class StarterClassPathTests {

	private final ClassLoader classLoader = getClass().getClassLoader();

	@Test
	void bringsJdkHttpSender() {
		assertThat(ClassUtils.isPresent("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider",
				this.classLoader))
			.isTrue();
	}

	@Test
	void bringsNoOkHttpNorKotlin() {
		assertThat(ClassUtils.isPresent("okhttp3.OkHttpClient", this.classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("kotlin.Unit", this.classLoader)).isFalse();
		assertThat(ClassUtils.isPresent("io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider",
				this.classLoader))
			.isFalse();
	}

}
