package dev.openframe.telemetry.autoconfigure.jdbc;

/**
 * What SQL statement spans carry of the statement's text in {@code db.query.text}. The raw text,
 * with its literals, is never exported.
 */
public enum JdbcQueryText {

	/** The text with every literal replaced by {@code ?}. */
	SANITIZED("sanitized"),

	/** No text: the span name and {@code db.query.summary} still name the operation and tables. */
	OFF("off");

	private final String value;

	JdbcQueryText(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
