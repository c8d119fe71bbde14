package dev.openframe.telemetry.otel.internal;

import org.jspecify.annotations.Nullable;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;

/**
 * Short, human-readable reasons for failed exports, such as {@code HTTP 503 Service Unavailable}
 * or {@code ConnectException: Connection refused}, for health details.
 */
final class ExportFailures {

	private static final int MAX_LENGTH = 200;

	private ExportFailures() {
	}

	static String describe(@Nullable Throwable failure) {
		if (failure == null) {
			return "export failed";
		}
		if (failure instanceof FailedExportException.HttpExportException http && http.getResponse() != null) {
			HttpResponse response = http.getResponse();
			return truncate("HTTP " + response.getStatusCode() + " " + response.getStatusMessage());
		}
		if (failure instanceof FailedExportException.GrpcExportException grpc && grpc.getResponse() != null) {
			GrpcResponse response = grpc.getResponse();
			String description = response.getStatusDescription();
			return truncate("gRPC " + response.getStatusCode() + ((description != null) ? " " + description : ""));
		}
		Throwable cause = (failure instanceof FailedExportException && failure.getCause() != null)
				? failure.getCause() : failure;
		String message = cause.getMessage();
		return truncate(cause.getClass().getSimpleName() + ((message != null) ? ": " + message : ""));
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_LENGTH) ? text : text.substring(0, MAX_LENGTH) + "...";
	}

}
