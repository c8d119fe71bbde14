package dev.openframe.telemetry.autoconfigure.otel;

/**
 * Compression of OTLP export requests. Bound from {@code gzip} or {@code none}.
 */
public enum OtlpCompression {

	/** Gzip-compressed request bodies. */
	GZIP("gzip"),

	/** Uncompressed request bodies. */
	NONE("none");

	private final String value;

	OtlpCompression(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
