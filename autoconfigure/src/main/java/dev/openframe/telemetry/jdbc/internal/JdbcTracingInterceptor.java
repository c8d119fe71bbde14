package dev.openframe.telemetry.jdbc.internal;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.function.Supplier;

import io.opentelemetry.instrumentation.jdbc.internal.dbinfo.DbInfo;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * Around one {@code DataSource}: hands out its connections wrapped by the
 * {@link JdbcInstrumentation}, so that their statements get spans. Only
 * {@code getConnection} is advised; every other method reaches the data source untouched.
 */
final class JdbcTracingInterceptor implements MethodInterceptor {

	private final Supplier<JdbcInstrumentation> instrumentation;

	// Like OpenTelemetry's own DataSource wrapper: the database is described once, from the first
	// connection, since reading the URL of every connection's metadata would cost on each call.
	private volatile @Nullable DbInfo database;

	/**
	 * Creates the interceptor of one data source.
	 * @param instrumentation supplies the instrumentation on the first connection (memoized)
	 */
	JdbcTracingInterceptor(Supplier<JdbcInstrumentation> instrumentation) {
		this.instrumentation = instrumentation;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		if (!(result instanceof Connection connection)) {
			return result;
		}
		JdbcInstrumentation jdbc = this.instrumentation.get();
		DbInfo described = this.database;
		if (described == null) {
			described = jdbc.describe(connection);
			this.database = described;
		}
		return jdbc.instrument(connection, described);
	}

	/**
	 * Whether a method is one this interceptor advises.
	 * @param method a method of the data source
	 * @return whether it is {@code getConnection()} or {@code getConnection(String, String)}
	 */
	static boolean advises(Method method) {
		return "getConnection".equals(method.getName()) && Connection.class == method.getReturnType();
	}

}
