package dev.openframe.telemetry.autoconfigure.repository;

import dev.openframe.telemetry.autoconfigure.otel.TelemetrySdkAutoConfiguration;
import dev.openframe.telemetry.repository.AdapterConflictError;
import dev.openframe.telemetry.repository.AdapterError;
import dev.openframe.telemetry.repository.AdapterErrorMapper;
import dev.openframe.telemetry.repository.internal.AdapterErrorProblemHandler;
import dev.openframe.telemetry.repository.internal.RepositoryTracingPostProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Conditions and back-off of the repository and problem-details auto-configurations.
 */
@ExtendWith(OutputCaptureExtension.class)
class RepositoryTelemetryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class,
				RepositoryTelemetryAutoConfiguration.class))
		.withBean(OrderRepository.class);

	@Test
	void proxiesRepositoryBeans() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(RepositoryTracingPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(OrderRepository.class))).isTrue();
		});
	}

	@Test
	void proxiesRepositoryBeansWithoutSpringTx() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TelemetrySdkAutoConfiguration.class,
					RepositoryTelemetryAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.dao", "org.springframework.transaction",
					"org.springframework.jdbc"))
			.withBean(StockRepository.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(RepositoryTracingPostProcessor.class);
				assertThat(AopUtils.isAopProxy(context.getBean(StockRepository.class))).isTrue();
			});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("openframe.telemetry.repository.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RepositoryTracingPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(OrderRepository.class))).isFalse();
		});
	}

	@Test
	void disabledWithTelemetry() {
		this.runner.withPropertyValues("openframe.telemetry.enabled=false")
			.run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(OrderRepository.class))).isFalse());
	}

	@Test
	void applicationMappersRunBeforeTheBuiltInOnes() {
		AdapterErrorMapper emptyMeansConflict = (failure, adapter, operation) -> (failure instanceof EmptyResultDataAccessException)
				? new AdapterConflictError(adapter, operation, failure) : null;
		this.runner.withBean(AdapterErrorMapper.class, () -> emptyMeansConflict).run((context) -> {
			Throwable error = catchThrowable(() -> context.getBean(OrderRepository.class).findMissing());
			assertThat(error).isInstanceOf(AdapterConflictError.class);
			assertThat(((AdapterError) error).adapter()).isEqualTo("order");
		});
	}

	@Test
	void finalClassWithoutInterfacesIsLeftAloneWithOneInfoLine(CapturedOutput output) {
		this.runner.withBean(FinalRepository.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(AopUtils.isAopProxy(context.getBean(FinalRepository.class))).isFalse();
		});
		assertThat(output.getOut().lines().filter((line) -> line.contains(FinalRepository.class.getName())
				&& line.contains("is a final class without interfaces: it is not traced"))).hasSize(1);
	}

	@Test
	void problemHandlerInServletApplications() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AdapterErrorProblemDetailsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(AdapterErrorProblemHandler.class));
	}

	@Test
	void problemHandlerWithoutSpringTx() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AdapterErrorProblemDetailsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.dao", "org.springframework.transaction"))
			.run((context) -> assertThat(context).hasSingleBean(AdapterErrorProblemHandler.class));
	}

	@Test
	void problemHandlerDisabledByProperty() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AdapterErrorProblemDetailsAutoConfiguration.class))
			.withPropertyValues("openframe.telemetry.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(AdapterErrorProblemHandler.class));
	}

	@Test
	void problemHandlerBacksOffFromApplicationHandler() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AdapterErrorProblemDetailsAutoConfiguration.class))
			.withBean("myHandler", AdapterErrorProblemHandler.class, () -> new AdapterErrorProblemHandler("x-trace"))
			.run((context) -> assertThat(context).getBeanNames(AdapterErrorProblemHandler.class)
				.containsExactly("myHandler"));
	}

	@Test
	void noProblemHandlerOutsideWebApplications() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AdapterErrorProblemDetailsAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(AdapterErrorProblemHandler.class));
	}

	@Repository
	static class OrderRepository {

		String findMissing() {
			throw new EmptyResultDataAccessException(1);
		}

	}

	/** Public: the proxy class is defined in the filtered class loader, another runtime package. */
	@Repository
	public static class StockRepository {

		public int count() {
			return 0;
		}

	}

	@Repository
	static final class FinalRepository {

	}

}
