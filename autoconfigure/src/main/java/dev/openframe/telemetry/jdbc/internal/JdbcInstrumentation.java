package dev.openframe.telemetry.jdbc.internal;

import java.sql.Connection;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.DbClientSpanNameExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlClientAttributesExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.internal.SqlCommenter;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.instrumenter.SpanKindExtractor;
import io.opentelemetry.instrumentation.api.internal.SemconvStability;
import io.opentelemetry.instrumentation.jdbc.internal.DbRequest;
import io.opentelemetry.instrumentation.jdbc.internal.JdbcInstrumenterFactory;
import io.opentelemetry.instrumentation.jdbc.internal.JdbcUtils;
import io.opentelemetry.instrumentation.jdbc.internal.OpenTelemetryConnection;
import io.opentelemetry.instrumentation.jdbc.internal.dbinfo.DbInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry's JDBC instrumentation ({@code opentelemetry-jdbc}) as the starter sets it up: its
 * connection, statement and result-set wrappers, span names and attributes, with a statement
 * instrumenter of our own making so that every query text is sanitized (prepared statements too),
 * {@code error.type} is the SQLState, a failure's driver message (which quotes the statement's
 * values) is never recorded (see {@link RedactedFailures}), and the duration is recorded once,
 * through Micrometer (see {@link DbClientOperationMetrics}). {@code JdbcTelemetry} offers none of these choices.
 */
public final class JdbcInstrumentation {

	private static final Log logger = LogFactory.getLog(JdbcInstrumentation.class);

	private final Instrumenter<DbRequest, Void> statements;

	private final Instrumenter<DbRequest, Void> transactions;

	private final SqlCommenter sqlCommenter = SqlCommenter.builder().build();

	private JdbcInstrumentation(Instrumenter<DbRequest, Void> statements, Instrumenter<DbRequest, Void> transactions) {
		this.statements = statements;
		this.transactions = transactions;
	}

	/**
	 * Sets the instrumentation up.
	 * @param openTelemetry where spans go
	 * @param queryText whether spans carry the sanitized {@code db.query.text}
	 * @param meterRegistry supplies the registry of {@code db.client.operation.duration}, or
	 * {@code null} while there is none
	 * @return the instrumentation
	 */
	public static JdbcInstrumentation create(OpenTelemetry openTelemetry, boolean queryText,
			Supplier<@Nullable MeterRegistry> meterRegistry) {
		if (!SemconvStability.emitStableDatabaseSemconv()) {
			logger.warn("OpenTelemetry's instrumentation was set up before openframe-telemetry could opt it into the "
					+ "stable database conventions: SQL spans carry the old attributes. Set the environment variable "
					+ "OTEL_SEMCONV_STABILITY_OPT_IN=database");
		}
		StatementAttributesGetter getter = new StatementAttributesGetter();
		AttributesExtractor<DbRequest, Void> attributes = SqlClientAttributesExtractor.builder(getter)
			.setQuerySanitizationEnabled(true)
			.build();
		Instrumenter<DbRequest, Void> statements = Instrumenter
			.<DbRequest, Void>builder(openTelemetry, JdbcInstrumenterFactory.INSTRUMENTATION_NAME,
					DbClientSpanNameExtractor.create(getter))
			.addAttributesExtractor(queryText ? attributes : new WithoutQueryText(attributes))
			.addAttributesExtractor(new StatementAttributes())
			.addOperationListener(new DbClientOperationMetrics(meterRegistry))
			.addOperationListener(new RedactedFailures())
			.buildInstrumenter(SpanKindExtractor.alwaysClient());
		return new JdbcInstrumentation(statements,
				JdbcInstrumenterFactory.createTransactionInstrumenter(openTelemetry, false));
	}

	/**
	 * What the instrumentation reports of a database: system, namespace, server address and port.
	 * @param connection a connection to it
	 * @return its description, worked out from the connection's URL
	 */
	public DbInfo describe(Connection connection) {
		return JdbcUtils.computeDbInfo(connection);
	}

	/**
	 * Wraps a connection so that its statements get spans.
	 * @param connection the connection
	 * @param database what {@link #describe} said of its database
	 * @return the instrumented connection; the connection itself when it already is one
	 */
	public Connection instrument(Connection connection, DbInfo database) {
		if (connection instanceof OpenTelemetryConnection) {
			return connection;
		}
		return OpenTelemetryConnection.create(connection, database, this.statements, this.transactions, false,
				this.sqlCommenter);
	}

}
