package dev.openframe.telemetry.tasks.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import dev.openframe.telemetry.otel.internal.TelemetryContextTaskDecorator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.event.EventListener;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.resilience.retry.AbstractRetryInterceptor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Gives work inside the application its spans and its trace context.
 * <ul>
 * <li>Beans with {@code @WithSpan}, {@code @Async}, {@code @Retryable} (or, when the event
 * multicaster has an executor, {@code @EventListener}) methods get a {@link TaskTracingInterceptor}
 * and, for retried methods, a {@link RetryAttemptInterceptor}. This post-processor is not
 * {@code Ordered}, so it runs after Spring's async and retry post-processors (which put their
 * advisors first) and places its own advisors around theirs: the call span right inside the async
 * hand-off and outside the retry loop, the attempt span inside it.</li>
 * <li>The application's own {@code ThreadPoolTaskExecutor} and {@code SimpleAsyncTaskExecutor}
 * beans get the {@link TelemetryContextTaskDecorator} next to any decorator of their own;
 * {@code ExecutorService} and {@code Executor} beans declared as those interfaces are wrapped by
 * {@link Context#taskWrapping}; the event multicaster's executor hands tasks off the same way.</li>
 * </ul>
 */
public final class TaskTracingPostProcessor implements BeanPostProcessor, BeanFactoryAware, BeanClassLoaderAware {

	private static final Log logger = LogFactory.getLog(TaskTracingPostProcessor.class);

	private static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";

	private final TaskMethods methods;

	private final Supplier<Tracer> tracer;

	private final boolean executors;

	private final Set<Class<? extends Annotation>> annotations;

	private final TaskDecorator decorator = new TelemetryContextTaskDecorator();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable ClassLoader classLoader = ClassUtils.getDefaultClassLoader();

	/**
	 * Creates the post-processor.
	 * @param methods which methods get spans
	 * @param tracer makes the spans, asked for at the first traced call
	 * @param executors whether application executors carry the trace context into their tasks
	 */
	@SuppressWarnings("unchecked")
	public TaskTracingPostProcessor(TaskMethods methods, Supplier<Tracer> tracer, boolean executors) {
		this.methods = methods;
		this.tracer = tracer;
		this.executors = executors;
		ClassLoader loader = TaskTracingPostProcessor.class.getClassLoader();
		this.annotations = ClassUtils.isPresent(WITH_SPAN, loader)
				? Set.of(Async.class, Retryable.class, EventListener.class,
						(Class<? extends Annotation>) ClassUtils.resolveClassName(WITH_SPAN,
								loader))
				: Set.of(Async.class, Retryable.class, EventListener.class);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		// A ThreadPoolTaskExecutor takes its decorator when it is initialized, so before that.
		if (this.executors && !(bean instanceof TaskScheduler)
				&& (bean instanceof ThreadPoolTaskExecutor || bean instanceof SimpleAsyncTaskExecutor)) {
			decorate(bean);
		}
		return bean;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof AopInfrastructureBean) {
			return bean;
		}
		if (this.executors && bean instanceof SimpleApplicationEventMulticaster multicaster) {
			handOffEvents(multicaster);
			return bean;
		}
		if (this.executors && bean instanceof Executor executor && isDeclaredAsInterface(beanName)) {
			return (executor instanceof ExecutorService service) ? Context.taskWrapping(service)
					: Context.taskWrapping(executor);
		}
		return advise(bean, beanName);
	}

	private Object advise(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (!AnnotationUtils.isCandidateClass(targetClass, this.annotations) || !hasTracedMethod(targetClass)
				|| (bean instanceof Advised advised && isAdvised(advised))) {
			return bean;
		}
		Advisor call = new CallAdvisor(new TaskTracingInterceptor(this.methods, this.tracer), this.methods);
		Advisor attempt = new AttemptAdvisor(new RetryAttemptInterceptor(this.tracer), this.methods);
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			int retry = indexOf(advised, AbstractRetryInterceptor.class);
			advised.addAdvisor((retry >= 0) ? retry : advised.getAdvisors().length, call);
			advised.addAdvisor(attempt);
			int async = indexOf(advised, AsyncExecutionInterceptor.class);
			if (async >= 0) {
				advised.addAdvisor(async, new SubmissionAdvisor(this.methods));
			}
			return bean;
		}
		ProxyFactory proxyFactory = new ProxyFactory(bean);
		if (Modifier.isFinal(targetClass.getModifiers()) || Proxy.isProxyClass(bean.getClass())) {
			Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(targetClass, this.classLoader);
			if (interfaces.length == 0) {
				logger.info("Bean '" + beanName + "' (" + targetClass.getName()
						+ ") is a final class without interfaces: its methods get no spans");
				return bean;
			}
			proxyFactory.setInterfaces(interfaces);
		}
		else {
			proxyFactory.setProxyTargetClass(true);
		}
		proxyFactory.addAdvisor(call);
		proxyFactory.addAdvisor(attempt);
		return proxyFactory.getProxy(this.classLoader);
	}

	private boolean hasTracedMethod(Class<?> targetClass) {
		for (Method method : ReflectionUtils.getUniqueDeclaredMethods(targetClass, ReflectionUtils.USER_DECLARED_METHODS)) {
			if (this.methods.get(method, targetClass).isTraced()) {
				return true;
			}
		}
		return false;
	}

	private static boolean isAdvised(Advised advised) {
		for (Advisor advisor : advised.getAdvisors()) {
			if (advisor instanceof CallAdvisor) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The place of Spring's retry advisor (the call span goes right before it, outside the retry
	 * loop) or async advisor (the caller's context is noted right before it).
	 */
	private static int indexOf(Advised advised, Class<?> adviceType) {
		Advisor[] advisors = advised.getAdvisors();
		for (int i = 0; i < advisors.length; i++) {
			if (adviceType.isInstance(advisors[i].getAdvice())) {
				return i;
			}
		}
		return -1;
	}

	private void decorate(Object executor) {
		// Neither executor has a getter for its decorator: read it, so the application's own stays.
		Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
		if (field == null) {
			return;
		}
		ReflectionUtils.makeAccessible(field);
		TaskDecorator existing = (TaskDecorator) ReflectionUtils.getField(field, executor);
		if (existing instanceof TelemetryContextTaskDecorator) {
			return;
		}
		TaskDecorator decorator = (existing != null) ? new CompositeTaskDecorator(List.of(this.decorator, existing))
				: this.decorator;
		if (executor instanceof ThreadPoolTaskExecutor pool) {
			pool.setTaskDecorator(decorator);
		}
		else if (executor instanceof SimpleAsyncTaskExecutor simple) {
			simple.setTaskDecorator(decorator);
		}
	}

	/**
	 * An application event multicaster with an executor runs every listener asynchronously: its
	 * tasks carry the publisher's context, and {@code @EventListener} methods get spans.
	 */
	private void handOffEvents(SimpleApplicationEventMulticaster multicaster) {
		Field field = ReflectionUtils.findField(SimpleApplicationEventMulticaster.class, "taskExecutor",
				Executor.class);
		if (field == null) {
			return;
		}
		ReflectionUtils.makeAccessible(field);
		Executor executor = (Executor) ReflectionUtils.getField(field, multicaster);
		if (executor == null) {
			return;
		}
		TaskDecorator decorator = this.decorator;
		multicaster.setTaskExecutor((task) -> executor.execute(decorator.decorate(task)));
		this.methods.traceEventListeners();
	}

	/**
	 * Whether a bean is declared as {@code Executor} or {@code ExecutorService}, so that a wrapper
	 * implementing only that interface can stand in for it; a bean declared as its class (a
	 * {@code ThreadPoolExecutor}, a scheduler) keeps its type and is left alone.
	 */
	private boolean isDeclaredAsInterface(String beanName) {
		ConfigurableListableBeanFactory factory = this.beanFactory;
		if (factory == null || !factory.containsBeanDefinition(beanName)) {
			return false;
		}
		Class<?> declared = factory.getMergedBeanDefinition(beanName).getResolvableType().resolve();
		return declared == Executor.class || declared == ExecutorService.class;
	}

	/** Calls of traced methods; marks a bean this post-processor has advised. */
	static final class CallAdvisor extends DefaultPointcutAdvisor {

		CallAdvisor(TaskTracingInterceptor interceptor, TaskMethods methods) {
			super(new StaticMethodMatcherPointcut() {
				@Override
				public boolean matches(Method method, Class<?> targetClass) {
					return methods.get(method, targetClass).isTraced();
				}
			}, interceptor);
		}

	}

	/** Notes the caller's context before Spring's async interceptor hands the call off. */
	static final class SubmissionAdvisor extends DefaultPointcutAdvisor {

		SubmissionAdvisor(TaskMethods methods) {
			super(new StaticMethodMatcherPointcut() {
				@Override
				public boolean matches(Method method, Class<?> targetClass) {
					return methods.get(method, targetClass).async;
				}
			}, new AsyncSubmissionInterceptor());
		}

	}

	/** The attempts of {@code @Retryable} methods. */
	static final class AttemptAdvisor extends DefaultPointcutAdvisor {

		AttemptAdvisor(RetryAttemptInterceptor interceptor, TaskMethods methods) {
			super(new StaticMethodMatcherPointcut() {
				@Override
				public boolean matches(Method method, Class<?> targetClass) {
					return methods.get(method, targetClass).retryable;
				}
			}, interceptor);
		}

	}

}
