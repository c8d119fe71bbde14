package dev.openframe.telemetry.autoconfigure.otel;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import dev.openframe.telemetry.autoconfigure.InvalidTelemetryPropertyException;
import dev.openframe.telemetry.otel.internal.Signal;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.ssl.pem.PemSslStore;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;

/**
 * The TLS settings one signal's OTLP export uses: a Spring Boot SSL bundle, or PEM files (as
 * {@code OTEL_EXPORTER_OTLP_[signal_]CERTIFICATE}, {@code CLIENT_KEY} and
 * {@code CLIENT_CERTIFICATE} name them). Each value keeps the property it came from, so that a
 * missing file or bundle stops start-up naming that property (or the variable behind it).
 *
 * @param bundle the SSL bundle, or {@code null} for PEM files
 * @param certificate PEM file of trusted certificates, or {@code null} for the JVM's trust store
 * @param clientKey PEM file of the client key, or {@code null} without mutual TLS
 * @param clientCertificate PEM file of the client certificate, or {@code null} without mutual TLS
 */
record OtlpSsl(@Nullable Setting bundle, @Nullable Setting certificate, @Nullable Setting clientKey,
		@Nullable Setting clientCertificate) {

	/**
	 * A configured value and the full name of its property.
	 *
	 * @param property full property name
	 * @param value the value
	 */
	record Setting(String property, String value) {
	}

	/** The material both OTLP exporter builders take in {@code setSslContext}. */
	record Material(SSLContext sslContext, X509TrustManager trustManager) {
	}

	/**
	 * Works out the TLS settings of one signal. The signal's own bundle wins as a whole; its own PEM
	 * files win one by one over the shared ones, as the OpenTelemetry variables do.
	 * @param properties the bound properties
	 * @param signal the signal
	 * @return the settings, or {@code null} when none are set and the JVM's defaults apply
	 */
	static @Nullable OtlpSsl resolve(TelemetryProperties properties, Signal signal) {
		String own = TelemetryProperties.PREFIX + "." + signal.tagValue() + ".ssl.";
		String shared = TelemetryProperties.PREFIX + ".otlp.ssl.";
		OtlpSsl signalSsl = of(own, properties.signal(signal).getSsl());
		OtlpSsl sharedSsl = of(shared, properties.getOtlp().getSsl());
		signalSsl.requireBundleOrFiles();
		sharedSsl.requireBundleOrFiles();
		if (signalSsl.bundle != null) {
			return signalSsl;
		}
		if (signalSsl.hasFiles()) {
			return new OtlpSsl(null, first(signalSsl.certificate, sharedSsl.certificate),
					first(signalSsl.clientKey, sharedSsl.clientKey),
					first(signalSsl.clientCertificate, sharedSsl.clientCertificate))
				.requireKeyPair();
		}
		return (sharedSsl.bundle != null || sharedSsl.hasFiles()) ? sharedSsl.requireKeyPair() : null;
	}

	/**
	 * Loads the bundle or the PEM files.
	 * @param bundles the application's SSL bundles, or {@code null} when there are none
	 * @return the SSL context and trust manager to hand to the exporter builder
	 */
	Material load(@Nullable SslBundles bundles) {
		SslBundle sslBundle = (this.bundle != null) ? bundle(this.bundle, bundles) : pemBundle();
		X509TrustManager trustManager = Arrays.stream(sslBundle.getManagers().getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new InvalidTelemetryPropertyException(describe(), "",
					"provide an X.509 trust manager"));
		return new Material(sslBundle.createSslContext(), trustManager);
	}

	private String describe() {
		Setting any = (this.bundle != null) ? this.bundle
				: (this.certificate != null) ? this.certificate
						: (this.clientKey != null) ? this.clientKey : this.clientCertificate;
		return (any != null) ? any.property() : TelemetryProperties.PREFIX + ".otlp.ssl";
	}

	private static SslBundle bundle(Setting bundle, @Nullable SslBundles bundles) {
		List<String> names = (bundles != null) ? bundles.getBundleNames() : List.of();
		try {
			if (bundles != null) {
				return bundles.getBundle(bundle.value());
			}
		}
		catch (NoSuchSslBundleException ex) {
			// Reported below with the names that do exist.
		}
		String known = names.isEmpty() ? "an SSL bundle defined under 'spring.ssl.bundle' (none is)"
				: "one of the SSL bundles " + names.stream().map((name) -> "'" + name + "'")
					.collect(Collectors.joining(", "));
		throw new InvalidTelemetryPropertyException(bundle.property(), bundle.value(), "name " + known,
				"Define the bundle under 'spring.ssl.bundle.pem." + bundle.value() + "' (or '.jks."
						+ bundle.value() + "'), or set '" + bundle.property() + "' to a defined one.");
	}

	/** The PEM files as a bundle; missing parts fall back to the JVM's trust store and no client key. */
	private SslBundle pemBundle() {
		PemSslStore trustStore = (this.certificate != null)
				? PemSslStore.of(certificates(this.certificate), null) : null;
		PemSslStore keyStore = null;
		if (this.clientKey != null && this.clientCertificate != null) {
			keyStore = PemSslStore.of(certificates(this.clientCertificate), privateKey(this.clientKey));
		}
		try {
			return SslBundle.of(new PemSslStoreBundle(keyStore, trustStore));
		}
		catch (RuntimeException ex) {
			Setting blamed = (this.clientKey != null) ? this.clientKey : this.certificate;
			throw new InvalidTelemetryPropertyException(blamed.property(), blamed.value(),
					"name a PEM file that can be used for TLS (" + ex.getMessage() + ")");
		}
	}

	private static List<X509Certificate> certificates(Setting file) {
		try {
			List<X509Certificate> certificates = pem(file).getCertificates();
			if (!certificates.isEmpty()) {
				return certificates;
			}
		}
		catch (IllegalStateException ex) {
			// Reported below: the file holds no certificate we can read.
		}
		throw new InvalidTelemetryPropertyException(file.property(), file.value(),
				"name a PEM file holding X.509 certificates ('-----BEGIN CERTIFICATE-----')");
	}

	private static PrivateKey privateKey(Setting file) {
		try {
			PrivateKey key = pem(file).getPrivateKey();
			if (key != null) {
				return key;
			}
		}
		catch (IllegalStateException ex) {
			// Reported below: the file holds no key we can read.
		}
		throw new InvalidTelemetryPropertyException(file.property(), file.value(),
				"name a PEM file holding an unencrypted private key ('-----BEGIN PRIVATE KEY-----')");
	}

	private static PemContent pem(Setting file) {
		try {
			PemContent content = PemContent.load(Path.of(file.value()));
			if (content != null) {
				return content;
			}
		}
		catch (IOException | InvalidPathException ex) {
			throw new InvalidTelemetryPropertyException(file.property(), file.value(),
					"name a readable PEM file (" + ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")");
		}
		throw new InvalidTelemetryPropertyException(file.property(), file.value(), "name a non-empty PEM file");
	}

	private boolean hasFiles() {
		return this.certificate != null || this.clientKey != null || this.clientCertificate != null;
	}

	/** A bundle and PEM files at the same level would leave it open which one is meant. */
	private void requireBundleOrFiles() {
		Setting file = (this.certificate != null) ? this.certificate
				: (this.clientKey != null) ? this.clientKey : this.clientCertificate;
		if (this.bundle != null && file != null) {
			throw new InvalidTelemetryPropertyException(file.property(), file.value(),
					"be unset when '" + this.bundle.property() + "' is set",
					"Use either the SSL bundle '" + this.bundle.value() + "' or PEM files, not both: remove '"
							+ file.property() + "' (or the OTEL_EXPORTER_OTLP_* variable behind it) or '"
							+ this.bundle.property() + "'.");
		}
	}

	/** Mutual TLS needs both halves; one alone is a mistake worth stopping for. */
	private OtlpSsl requireKeyPair() {
		if ((this.clientKey == null) != (this.clientCertificate == null)) {
			Setting present = (this.clientKey != null) ? this.clientKey : this.clientCertificate;
			String missing = (this.clientKey != null) ? "client-certificate" : "client-key";
			throw new InvalidTelemetryPropertyException(present.property(), present.value(),
					"come with a '" + missing + "' for mutual TLS",
					"Set '" + present.property().substring(0, present.property().lastIndexOf('.') + 1) + missing
							+ "' too (OTEL_EXPORTER_OTLP_[signal_]CLIENT_KEY and _CLIENT_CERTIFICATE go together), "
							+ "or remove '" + present.property() + "'.");
		}
		return this;
	}

	private static OtlpSsl of(String prefix, TelemetryProperties.Ssl ssl) {
		return new OtlpSsl(setting(prefix + "bundle", ssl.getBundle()),
				setting(prefix + "certificate", ssl.getCertificate()),
				setting(prefix + "client-key", ssl.getClientKey()),
				setting(prefix + "client-certificate", ssl.getClientCertificate()));
	}

	private static @Nullable Setting setting(String property, @Nullable String value) {
		return (value != null && !value.isBlank()) ? new Setting(property, value.trim()) : null;
	}

	private static @Nullable Setting first(@Nullable Setting preferred, @Nullable Setting fallback) {
		return (preferred != null) ? preferred : fallback;
	}

}
