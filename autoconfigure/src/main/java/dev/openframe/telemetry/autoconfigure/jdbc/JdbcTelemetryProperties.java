package dev.openframe.telemetry.autoconfigure.jdbc;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of SQL statement spans, under {@code openframe.telemetry.jdbc}.
 */
@ConfigurationProperties("openframe.telemetry.jdbc")
public class JdbcTelemetryProperties {

	/**
	 * Whether every 'DataSource' bean is wrapped so that each SQL statement gets a CLIENT span and
	 * is measured in 'db.client.operation.duration'.
	 */
	private boolean enabled = true;

	/**
	 * Text of the statement carried by each span in 'db.query.text': 'sanitized' replaces every
	 * literal by '?', 'off' leaves the attribute out.
	 */
	private JdbcQueryText queryText = JdbcQueryText.SANITIZED;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public JdbcQueryText getQueryText() {
		return this.queryText;
	}

	public void setQueryText(JdbcQueryText queryText) {
		this.queryText = queryText;
	}

}
