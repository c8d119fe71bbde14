package dev.openframe.telemetry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at run time with the JDK's {@code keytool}, once per test JVM, in a temporary
 * folder: a test CA, a server certificate it signed for {@code 127.0.0.1} and {@code localhost},
 * a client certificate it signed, and a self-signed server certificate nobody trusts. Each is
 * available as a PKCS#12 key store (for the receiver) and as PEM files (for the application).
 */
public final class TestCertificates {

	/** Password of every key store. */
	public static final String PASSWORD = "changeit";

	private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

	private static TestCertificates instance;

	private final Path directory;

	private TestCertificates(Path directory) {
		this.directory = directory;
	}

	/**
	 * Returns the certificates, making them on first use.
	 * @return the certificates
	 */
	public static synchronized TestCertificates get() {
		if (instance == null) {
			try {
				Path directory = Files.createTempDirectory("otlp-tls");
				directory.toFile().deleteOnExit();
				TestCertificates certificates = new TestCertificates(directory);
				certificates.make();
				instance = certificates;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return instance;
	}

	/** @return PEM file of the test CA's certificate */
	public Path caCertificate() {
		return this.directory.resolve("ca.pem");
	}

	/** @return PEM file of the client certificate the CA signed */
	public Path clientCertificate() {
		return this.directory.resolve("client.pem");
	}

	/** @return PEM file (PKCS#8) of the client certificate's private key */
	public Path clientKey() {
		return this.directory.resolve("client-key.pem");
	}

	/** @return PKCS#12 key store of the server certificate the CA signed */
	public Path serverKeyStore() {
		return this.directory.resolve("server.p12");
	}

	/** @return PKCS#12 key store of a self-signed server certificate nobody trusts */
	public Path untrustedServerKeyStore() {
		return this.directory.resolve("untrusted.p12");
	}

	/**
	 * TLS for an {@link OtlpReceiver}: serves the key store's certificate and trusts the test CA
	 * for client certificates.
	 * @param keyStore {@link #serverKeyStore()} or {@link #untrustedServerKeyStore()}
	 * @param requireClientCertificate whether the receiver refuses handshakes without a client certificate
	 * @return the receiver's TLS
	 */
	public OtlpReceiver.Tls receiverTls(Path keyStore, boolean requireClientCertificate) {
		return new OtlpReceiver.Tls(serverContext(keyStore), keyManagers(keyStore), caTrust(),
				requireClientCertificate);
	}

	/**
	 * An SSL context serving one of the server key stores and trusting the test CA (to verify
	 * client certificates).
	 * @param keyStore {@link #serverKeyStore()} or {@link #untrustedServerKeyStore()}
	 * @return the server's SSL context
	 */
	public SSLContext serverContext(Path keyStore) {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(load(keyStore), PASSWORD.toCharArray());
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), caTrust().getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param keyStore a server key store
	 * @return a key manager factory over it
	 */
	public KeyManagerFactory keyManagers(Path keyStore) {
		try {
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(load(keyStore), PASSWORD.toCharArray());
			return keys;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** @return a trust manager factory trusting only the test CA */
	public TrustManagerFactory caTrust() {
		try {
			KeyStore trust = KeyStore.getInstance("PKCS12");
			trust.load(null, null);
			try (InputStream in = Files.newInputStream(caCertificate())) {
				trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
					.generateCertificate(in));
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			return factory;
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void make() throws IOException {
		// keytool only makes keys and signs (each run is a JVM start); exports and imports use the
		// KeyStore API, and the three certificates after the CA's are made in parallel.
		String san = "san=ip:127.0.0.1,dns:localhost";
		keytool("-genkeypair", "-alias", "ca", "-dname", "CN=openframe test CA", "-ext", "bc:c", "-keystore", "ca.p12");
		writeCertificate(certificate("ca.p12", "ca"), caCertificate());
		CompletableFuture<Void> server = CompletableFuture.runAsync(
				() -> signed("server", "CN=localhost", "-ext", san, "-ext", "eku=serverAuth"));
		CompletableFuture<Void> client = CompletableFuture.runAsync(() -> {
			signed("client", "CN=openframe test client", "-ext", "eku=clientAuth");
			writeCertificate(certificate("client.p12", "client"), clientCertificate());
			writePrivateKey("client.p12", "client", clientKey());
		});
		CompletableFuture<Void> untrusted = CompletableFuture.runAsync(() -> keytool("-genkeypair", "-alias",
				"untrusted", "-dname", "CN=localhost", "-ext", san, "-keystore", "untrusted.p12"));
		try {
			CompletableFuture.allOf(server, client, untrusted).join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	/** A key pair whose certificate the CA signs, stored with its chain. */
	private void signed(String name, String dname, String... extensions) {
		String store = name + ".p12";
		keytool("-genkeypair", "-alias", name, "-dname", dname, "-keystore", store);
		keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
		List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12",
				"-infile", name + ".csr", "-outfile", name + "-signed.pem"));
		gencert.addAll(List.of(extensions));
		keytool(gencert.toArray(String[]::new));
		try {
			Path path = this.directory.resolve(store);
			KeyStore keyStore = load(path);
			Key key = keyStore.getKey(name, PASSWORD.toCharArray());
			Certificate signedCertificate;
			try (InputStream in = Files.newInputStream(this.directory.resolve(name + "-signed.pem"))) {
				signedCertificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
			}
			keyStore.setKeyEntry(name, key, PASSWORD.toCharArray(),
					new Certificate[] { signedCertificate, certificate("ca.p12", "ca") });
			try (OutputStream out = Files.newOutputStream(path)) {
				keyStore.store(out, PASSWORD.toCharArray());
			}
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Certificate certificate(String store, String alias) {
		try {
			return load(this.directory.resolve(store)).getCertificate(alias);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void writeCertificate(Certificate certificate, Path target) {
		try {
			Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
			Files.writeString(target, "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void writePrivateKey(String store, String alias, Path target) {
		try {
			PrivateKey key = (PrivateKey) load(this.directory.resolve(store)).getKey(alias, PASSWORD.toCharArray());
			Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
			String pem = "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded())
					+ "\n-----END PRIVATE KEY-----\n";
			Files.writeString(target, pem, StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

	private void keytool(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		// A short-lived JVM: start-up matters more than peak speed.
		command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
		command.addAll(List.of(arguments));
		if (command.contains("-genkeypair")) {
			command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "2"));
		}
		command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
		try {
			Process process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool failed: " + command + "\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
