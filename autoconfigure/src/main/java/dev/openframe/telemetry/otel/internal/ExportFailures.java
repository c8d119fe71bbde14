package dev.openframe.telemetry.otel.internal;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcResponse;
import io.opentelemetry.sdk.common.export.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * Short, human-readable reasons for failed exports, such as {@code HTTP 503 Service Unavailable}
 * or {@code ConnectException: Connection refused}, for health details; a failed TLS handshake
 * says what to fix (an untrusted receiver certificate, a missing client certificate).
 */
final class ExportFailures {

	private static final int MAX_LENGTH = 300;

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
		SSLException tls = find(cause, SSLException.class);
		if (tls != null) {
			return truncate("TLS: " + tlsReason(cause, tls) + " (" + rootMessage(cause) + ")");
		}
		String message = cause.getMessage();
		return truncate(cause.getClass().getSimpleName() + ((message != null) ? ": " + message : ""));
	}

	/**
	 * What a failed TLS handshake means for the one who configures it: the JDK's own messages
	 * ("PKIX path building failed") name the mechanism, not the fix.
	 */
	private static String tlsReason(Throwable failure, SSLException tls) {
		if (find(failure, CertPathBuilderException.class) != null
				|| find(failure, CertPathValidatorException.class) != null) {
			return "the receiver's certificate is not trusted; trust its CA with 'ssl.bundle' or 'ssl.certificate'";
		}
		String message = String.valueOf(tls.getMessage());
		if (find(failure, CertificateException.class) != null && message.contains("subject alternative")) {
			return "the receiver's certificate does not name the endpoint's host";
		}
		if (message.contains("bad_certificate") || message.contains("certificate_required")
				|| message.contains("certificate_unknown")) {
			return "the receiver refused the handshake, it may require a client certificate "
					+ "('ssl.client-key' and 'ssl.client-certificate')";
		}
		return "the handshake with the receiver failed";
	}

	private static <T extends Throwable> @Nullable T find(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_LENGTH) ? text : text.substring(0, MAX_LENGTH) + "...";
	}

}
