package dev.openframe.telemetry.repository.internal;

import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.ProxyProcessorSupport;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Repository;
import org.springframework.util.ClassUtils;
import org.springframework.util.ConcurrentReferenceHashMap;

/**
 * Puts a {@link RepositoryTracingInterceptor} around every bean annotated {@code @Repository}
 * (on its class or an interface) and every Spring Data repository. Modelled on Spring's
 * {@code PersistenceExceptionTranslationPostProcessor}; it runs after Spring's own proxy creators
 * and adds its advisor first, so a repository call goes through tracing, then the transaction
 * interceptor, then Spring's exception translation, then the repository. Transactions thus see
 * exactly the exceptions they saw before (rollback rules work as before), and the tracing sees
 * Spring's translated ones, which it maps to {@link AdapterError}s last. Other advice of the
 * proxy (caching, an application's aspects) runs inside the tracing too, so a cache hit is an
 * operation. Scoped repositories are traced through their target, never through the scoped
 * proxy, and a proxy that already traces is left as it is, so that nothing is wrapped twice;
 * final classes without interfaces are left alone, with one INFO line each.
 */
public class RepositoryTracingPostProcessor extends ProxyProcessorSupport implements BeanPostProcessor {

	private static final Log logger = LogFactory.getLog(RepositoryTracingPostProcessor.class);

	private static final String SPRING_DATA_REPOSITORY = "org.springframework.data.repository.Repository";

	private final Function<Class<?>, RepositoryTracingInterceptor> interceptors;

	/** One interceptor per repository type, shared by prototype and request-scoped instances. */
	private final Map<Class<?>, RepositoryTracingInterceptor> interceptorsByType = new ConcurrentHashMap<>();

	/** Spring Data's {@code Repository} type, or none, per class loader of the beans. */
	private final Map<@Nullable ClassLoader, Optional<Class<?>>> springDataTypes = new ConcurrentReferenceHashMap<>();

	/**
	 * Creates the post-processor.
	 * @param interceptors makes the interceptor of one repository, given its user type
	 */
	public RepositoryTracingPostProcessor(Function<Class<?>, RepositoryTracingInterceptor> interceptors) {
		this.interceptors = interceptors;
		setOrder(Ordered.LOWEST_PRECEDENCE);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		// A scoped proxy is an AopInfrastructureBean: its target, the real repository, is the one
		// traced, as Spring's own PersistenceExceptionTranslationPostProcessor does.
		if (bean instanceof AopInfrastructureBean) {
			return bean;
		}
		Class<?> repositoryType = repositoryType(bean);
		if (repositoryType == null || (bean instanceof Advised traced && isTraced(traced))) {
			return bean;
		}
		Advisor advisor = new TracingAdvisor(
				this.interceptorsByType.computeIfAbsent(repositoryType, this.interceptors));
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			// First: outside the transaction, cache and any other advice of the existing proxy.
			advised.addAdvisor(0, advisor);
			return bean;
		}
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		ProxyFactory proxyFactory = new ProxyFactory(bean);
		// A frozen or JDK proxy, or a final class, can only be wrapped through its interfaces.
		boolean finalClass = Modifier.isFinal(targetClass.getModifiers()) || Proxy.isProxyClass(bean.getClass());
		if (finalClass) {
			evaluateProxyInterfaces(targetClass, proxyFactory);
			if (proxyFactory.isProxyTargetClass()) {
				logger.info("Repository '" + beanName + "' (" + targetClass.getName()
						+ ") is a final class without interfaces: it is not traced");
				return bean;
			}
		}
		else {
			proxyFactory.setProxyTargetClass(true);
		}
		proxyFactory.addAdvisor(advisor);
		return proxyFactory.getProxy(getProxyClassLoader());
	}

	private @Nullable Class<?> repositoryType(Object bean) {
		// Spring Data repositories are proxies; only those look for its type, once per class loader:
		// a missed class lookup for each bean cost 0.1 s of start-up CPU without Spring Data.
		if (bean instanceof Advised advised) {
			Class<?> springData = springDataRepository(bean.getClass().getClassLoader());
			Class<?> declared = (springData != null && springData.isInstance(bean))
					? declaredRepositoryInterface(advised.getProxiedInterfaces(), springData) : null;
			if (declared != null) {
				return declared;
			}
		}
		Class<?> userClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
		return AnnotatedElementUtils.hasAnnotation(userClass, Repository.class) ? userClass : null;
	}

	/**
	 * The application's repository interface among those a Spring Data proxy implements: the most
	 * specific subtype of {@code Repository}. Spring Data's own interfaces ({@code CrudRepository},
	 * {@code Repository} itself) are its supertypes, whatever package the application's lives in.
	 */
	static @Nullable Class<?> declaredRepositoryInterface(Class<?>[] interfaces, Class<?> springData) {
		Class<?> declared = null;
		for (Class<?> candidate : interfaces) {
			if (springData.isAssignableFrom(candidate) && (declared == null || declared.isAssignableFrom(candidate))) {
				declared = candidate;
			}
		}
		return declared;
	}

	private @Nullable Class<?> springDataRepository(@Nullable ClassLoader classLoader) {
		return this.springDataTypes.computeIfAbsent(classLoader,
				(loader) -> ClassUtils.isPresent(SPRING_DATA_REPOSITORY, loader)
						? Optional.of(ClassUtils.resolveClassName(SPRING_DATA_REPOSITORY, loader)) : Optional.empty())
			.orElse(null);
	}

	private static boolean isTraced(Advised advised) {
		for (Advisor existing : advised.getAdvisors()) {
			if (existing instanceof TracingAdvisor) {
				return true;
			}
		}
		return false;
	}

	/** Marks our advisor, so that a bean is never wrapped twice. */
	public static final class TracingAdvisor extends DefaultPointcutAdvisor {

		TracingAdvisor(RepositoryTracingInterceptor interceptor) {
			super(interceptor);
		}

	}

}
