package dev.openframe.telemetry.repository.internal;

import java.lang.reflect.Method;
import java.util.Locale;
import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Works out the {@code db.system} attribute from a data source's JDBC URL, without opening a
 * connection: pools such as Hikari expose the URL through {@code getJdbcUrl()} or
 * {@code getUrl()}.
 */
public final class DbSystems {

	private DbSystems() {
	}

	public static @Nullable String of(@Nullable DataSource dataSource) {
		if (dataSource == null) {
			return null;
		}
		String url = url(dataSource);
		if (url == null || !url.startsWith("jdbc:")) {
			return null;
		}
		int end = url.indexOf(':', 5);
		if (end < 0) {
			return null;
		}
		String vendor = url.substring(5, end).toLowerCase(Locale.ROOT);
		return switch (vendor) {
			case "sqlserver" -> "mssql";
			case "postgresql", "pgsql" -> "postgresql";
			default -> vendor;
		};
	}

	private static @Nullable String url(DataSource dataSource) {
		for (String name : new String[] { "getJdbcUrl", "getUrl" }) {
			Method method = ReflectionUtils.findMethod(dataSource.getClass(), name);
			if (method != null && method.getReturnType() == String.class) {
				try {
					return (String) method.invoke(dataSource);
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					return null;
				}
			}
		}
		return null;
	}

}
