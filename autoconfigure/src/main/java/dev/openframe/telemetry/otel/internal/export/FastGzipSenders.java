package dev.openframe.telemetry.otel.internal.export;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.GrpcSenderConfig;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@code gzip} compress at {@link Deflater#BEST_SPEED}: {@link #faster} for the starter's
 * own HTTP sender, a wrapper for the gRPC senders. The
 * OpenTelemetry exporters always use zlib's default level, which on span batches costs about
 * twice the CPU of level 1 for a body only a few percent smaller. The body is still plain gzip,
 * so any collector reads it; {@code none} passes through untouched.
 */
public final class FastGzipSenders {

	private FastGzipSenders() {
	}

	public static GrpcSenderProvider wrap(GrpcSenderProvider provider) {
		return (config) -> provider.createSender(withFastGzip(GrpcSenderConfig.class, config));
	}

	/** {@link FastGzip} in place of any gzip compressor; anything else unchanged. */
	static @Nullable Compressor faster(@Nullable Compressor chosen) {
		return (chosen != null && FastGzip.INSTANCE.getEncoding().equals(chosen.getEncoding())) ? FastGzip.INSTANCE
				: chosen;
	}

	/** gzip at level 1, with an 8 KB buffer so that zlib is called less often. */
	enum FastGzip implements Compressor {

		INSTANCE;

		@Override
		public String getEncoding() {
			return "gzip";
		}

		@Override
		public OutputStream compress(OutputStream out) throws IOException {
			return new GZIPOutputStream(out, 8192) {
				{
					this.def.setLevel(Deflater.BEST_SPEED);
				}
			};
		}

	}

	/** The sender configuration as given, but for {@link #faster faster} compression. */
	private static <T> T withFastGzip(Class<T> type, T config) {
		InvocationHandler handler = (proxy, method, args) -> {
			try {
				Object value = method.invoke(config, args);
				return method.getName().equals("getCompressor") ? faster((Compressor) value) : value;
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler));
	}

}
