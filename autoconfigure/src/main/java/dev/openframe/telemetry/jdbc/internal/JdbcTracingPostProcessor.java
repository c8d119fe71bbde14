package dev.openframe.telemetry.jdbc.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import javax.sql.DataSource;

import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.ProxyProcessorSupport;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Puts every {@code DataSource} bean behind a proxy whose connections give each SQL statement a
 * span (see {@link JdbcTracingInterceptor}). The proxy subclasses the bean's class where it can,
 * so the bean keeps its type: a {@code HikariDataSource} stays one for the application's
 * injection points and for Spring Boot's pool metrics and metadata. A data source that already
 * hands out OpenTelemetry's connections (an {@code OpenTelemetryDataSource}, itself or behind a
 * delegating data source or proxy) or that this post-processor wrapped before is left alone, and
 * so are scoped-proxy targets, so that no statement is traced twice.
 */
public class JdbcTracingPostProcessor extends ProxyProcessorSupport implements BeanPostProcessor {

	private static final boolean BOOT_JDBC_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.jdbc.DataSourceUnwrapper", JdbcTracingPostProcessor.class.getClassLoader());

	private final Supplier<JdbcInstrumentation> instrumentation;

	/**
	 * Creates the post-processor.
	 * @param instrumentation supplies the instrumentation when a connection is first asked for
	 * (make it memoizing)
	 */
	public JdbcTracingPostProcessor(Supplier<JdbcInstrumentation> instrumentation) {
		this.instrumentation = instrumentation;
		setOrder(Ordered.LOWEST_PRECEDENCE);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource) || bean instanceof AopInfrastructureBean
				|| ScopedProxyUtils.isScopedTarget(beanName) || isInstrumented(dataSource)) {
			return bean;
		}
		ProxyFactory proxyFactory = new ProxyFactory(bean);
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (Modifier.isFinal(targetClass.getModifiers()) || AopUtils.isAopProxy(bean)
				|| Proxy.isProxyClass(bean.getClass())) {
			// Cannot be subclassed: the proxy keeps every interface of the bean instead.
			proxyFactory.setInterfaces(ClassUtils.getAllInterfaces(bean));
		}
		else {
			proxyFactory.setProxyTargetClass(true);
		}
		proxyFactory.addAdvisor(new JdbcTracingAdvisor(new JdbcTracingInterceptor(this.instrumentation)));
		// Frozen: methods other than getConnection go straight to the data source.
		proxyFactory.setFrozen(true);
		return proxyFactory.getProxy(getProxyClassLoader());
	}

	/**
	 * Whether a data source is already traced, by this post-processor or by OpenTelemetry's wrapper.
	 * @param dataSource the data source
	 * @return whether its connections already give statements spans
	 */
	static boolean isInstrumented(DataSource dataSource) {
		if (dataSource instanceof OpenTelemetryDataSource) {
			return true;
		}
		if (dataSource instanceof Advised advised) {
			for (Advisor advisor : advised.getAdvisors()) {
				if (advisor instanceof JdbcTracingAdvisor) {
					return true;
				}
			}
		}
		// Looks through Spring's DelegatingDataSource and AOP proxies.
		return BOOT_JDBC_PRESENT && DataSourceUnwrapper.unwrap(dataSource, OpenTelemetryDataSource.class) != null;
	}

	/** Advises the {@code getConnection} methods; marks the proxies this post-processor made. */
	static final class JdbcTracingAdvisor extends StaticMethodMatcherPointcutAdvisor {

		JdbcTracingAdvisor(JdbcTracingInterceptor interceptor) {
			super(interceptor);
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return JdbcTracingInterceptor.advises(method);
		}

	}

}
