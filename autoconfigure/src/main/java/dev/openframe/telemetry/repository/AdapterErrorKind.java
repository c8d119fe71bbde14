package dev.openframe.telemetry.repository;

/**
 * The kinds of adapter failure, with the metric outcome, HTTP status and problem type of each.
 */
public enum AdapterErrorKind {

	/** The requested data does not exist. */
	NOT_FOUND("not_found", 404, "Not Found", "The requested resource does not exist."),

	/** The change conflicts with existing data, such as a duplicate unique key. */
	CONFLICT("conflict", 409, "Conflict", "The request conflicts with the current state of the resource."),

	/** The data store rejected a value: too long, not a number, not a date. */
	INVALID_DATA("invalid_data", 422, "Unprocessable Content", "The request contains a value the data store cannot accept."),

	/** The data store did not answer in time. */
	TIMEOUT("timeout", 504, "Gateway Timeout", "The data store did not answer in time."),

	/** The data store could not be reached. */
	CONNECTION("connection", 503, "Service Unavailable", "The data store is unavailable."),

	/** Any other data-access failure. */
	QUERY("query", 500, "Internal Server Error", "The data store failed to process the request.");

	private final String outcome;

	private final int status;

	private final String title;

	private final String detail;

	AdapterErrorKind(String outcome, int status, String title, String detail) {
		this.outcome = outcome;
		this.status = status;
		this.title = title;
		this.detail = detail;
	}

	/**
	 * Value of the {@code outcome} tag and {@code adapter.outcome} span attribute.
	 * @return such as {@code not_found}
	 */
	public String outcome() {
		return this.outcome;
	}

	/**
	 * HTTP status of the problem response.
	 * @return such as 404
	 */
	public int status() {
		return this.status;
	}

	/**
	 * Short title of the problem response.
	 * @return such as {@code Not Found}
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Client-safe explanation: never SQL, table names or driver messages.
	 * @return the problem's detail
	 */
	public String detail() {
		return this.detail;
	}

	/**
	 * Stable problem {@code type} URI of this kind.
	 * @return such as {@code urn:openframe:problem:not-found}
	 */
	public String type() {
		return "urn:openframe:problem:" + this.outcome.replace('_', '-');
	}

}
