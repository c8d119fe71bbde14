package dev.openframe.telemetry.autoconfigure.otel;

/**
 * Transport protocol of the OTLP export. Bound from {@code http/protobuf} or {@code grpc}.
 */
public enum OtlpProtocol {

	/** Protobuf over HTTP/1.1, sent with the JDK {@code HttpClient}; port 4318 by convention. */
	HTTP_PROTOBUF("http/protobuf"),

	/** gRPC over HTTP/2; port 4317 by convention. Needs a gRPC sender on the class path. */
	GRPC("grpc");

	private final String value;

	OtlpProtocol(String value) {
		this.value = value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
