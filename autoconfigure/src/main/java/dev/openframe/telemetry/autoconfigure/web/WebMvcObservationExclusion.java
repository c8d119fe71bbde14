package dev.openframe.telemetry.autoconfigure.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Leaves Spring Boot's {@code WebMvcObservationAutoConfiguration} out while its
 * {@code http.server.requests} observation is off because the telemetry filter measures requests
 * (see {@link HttpObservationDefaultsPostProcessor}). All it adds is Spring's
 * {@code ServerHttpObservationFilter}, which would then record nothing yet cost every request,
 * and a meter filter for that observation's meters. Spring Boot adds the filter unless a
 * registration of one exists, and a disabled registration is announced at INFO at every start;
 * filtering the auto-configuration keeps the filter out without a word. Turning the observation
 * back on brings both back. The exclusion is listed in the condition evaluation report.
 */
final class WebMvcObservationExclusion implements AutoConfigurationImportFilter, EnvironmentAware, BeanFactoryAware {

	static final String WEB_MVC_OBSERVATION = "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration";

	private @Nullable Environment environment;

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		boolean exclude = this.environment != null && observationReplacedByFilter(this.environment);
		for (int i = 0; i < matches.length; i++) {
			matches[i] = !(exclude && WEB_MVC_OBSERVATION.equals(autoConfigurationClasses[i]));
			if (!matches[i] && this.beanFactory != null) {
				ConditionEvaluationReport.get(this.beanFactory).recordExclusions(List.of(WEB_MVC_OBSERVATION));
			}
		}
		return matches;
	}

	/** The conditions of the telemetry filter, with Spring Boot's observation switched off. */
	static boolean observationReplacedByFilter(Environment environment) {
		return isTrue(environment, "openframe.telemetry.enabled") && isTrue(environment, "openframe.telemetry.http.enabled")
				&& "false".equalsIgnoreCase(
						environment.getProperty(HttpObservationDefaultsPostProcessor.OBSERVATION_PROPERTY, "").trim());
	}

	private static boolean isTrue(Environment environment, String property) {
		return !"false".equalsIgnoreCase(environment.getProperty(property, "true").trim());
	}

}
