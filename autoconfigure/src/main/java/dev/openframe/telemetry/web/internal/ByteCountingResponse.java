package dev.openframe.telemetry.web.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;

/**
 * Response wrapper that counts body bytes as they pass to the container, through the output
 * stream or the writer, without buffering anything. Characters written to the writer are
 * counted in their encoded length (exact for UTF-8 and single-byte charsets). Bytes that a
 * {@code reset()}, {@code resetBuffer()}, {@code sendError} or {@code sendRedirect} discards
 * are not counted, so the count is what the client receives. The session header survives an
 * application's {@code reset()}.
 */
final class ByteCountingResponse extends HttpServletResponseWrapper {

	private final String sessionHeader;

	private final String sessionId;

	private long bytes;

	private @Nullable CountingOutputStream outputStream;

	private @Nullable PrintWriter writer;

	ByteCountingResponse(HttpServletResponse response, String sessionHeader, String sessionId) {
		super(response);
		this.sessionHeader = sessionHeader;
		this.sessionId = sessionId;
	}

	/*
	 * Bytes the container still buffers are not sent yet: the calls below discard them, so the
	 * count restarts at 0. Once anything has been flushed the response is committed and they
	 * throw IllegalStateException before the count is touched, so flushed bytes stay counted.
	 */

	@Override
	public void reset() {
		super.reset();
		this.bytes = 0;
		// reset() also forgets which of stream and writer was used, and the character encoding.
		this.outputStream = null;
		this.writer = null;
		setHeader(this.sessionHeader, this.sessionId);
	}

	@Override
	public void resetBuffer() {
		super.resetBuffer();
		this.bytes = 0;
	}

	@Override
	public void sendError(int sc, @Nullable String msg) throws IOException {
		super.sendError(sc, msg);
		this.bytes = 0;
	}

	@Override
	public void sendError(int sc) throws IOException {
		super.sendError(sc);
		this.bytes = 0;
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		super.sendRedirect(location);
		this.bytes = 0;
	}

	@Override
	public void sendRedirect(String location, int sc) throws IOException {
		super.sendRedirect(location, sc);
		this.bytes = 0;
	}

	@Override
	public void sendRedirect(String location, boolean clearBuffer) throws IOException {
		super.sendRedirect(location, clearBuffer);
		if (clearBuffer) {
			this.bytes = 0;
		}
	}

	@Override
	public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
		super.sendRedirect(location, sc, clearBuffer);
		if (clearBuffer) {
			this.bytes = 0;
		}
	}

	long bytesWritten() {
		return this.bytes;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.outputStream == null) {
			this.outputStream = new CountingOutputStream(super.getOutputStream());
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.writer == null) {
			PrintWriter target = super.getWriter();
			this.writer = new PrintWriter(new CountingWriter(target, Charset.forName(getCharacterEncoding())), false);
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (this.writer != null) {
			this.writer.flush();
		}
		super.flushBuffer();
	}

	private final class CountingOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		CountingOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
			ByteCountingResponse.this.bytes++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.delegate.write(b, off, len);
			ByteCountingResponse.this.bytes += len;
		}

		@Override
		public void flush() throws IOException {
			this.delegate.flush();
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

	/** Passes characters straight to the container's writer, adding their encoded length. */
	private final class CountingWriter extends Writer {

		private final PrintWriter delegate;

		private final boolean utf8;

		private final boolean singleByte;

		private final Charset charset;

		CountingWriter(PrintWriter delegate, Charset charset) {
			this.delegate = delegate;
			this.charset = charset;
			this.utf8 = StandardCharsets.UTF_8.equals(charset);
			this.singleByte = StandardCharsets.ISO_8859_1.equals(charset) || StandardCharsets.US_ASCII.equals(charset);
		}

		@Override
		public void write(int c) {
			this.delegate.write(c);
			ByteCountingResponse.this.bytes += encodedLength(String.valueOf((char) c), 0, 1);
		}

		@Override
		public void write(char[] chars, int off, int len) {
			this.delegate.write(chars, off, len);
			ByteCountingResponse.this.bytes += encodedLength(java.nio.CharBuffer.wrap(chars), off, len);
		}

		@Override
		public void write(String text, int off, int len) {
			this.delegate.write(text, off, len);
			ByteCountingResponse.this.bytes += encodedLength(text, off, len);
		}

		@Override
		public void flush() {
			this.delegate.flush();
		}

		@Override
		public void close() {
			this.delegate.close();
		}

		private long encodedLength(CharSequence text, int off, int len) {
			if (this.singleByte) {
				return len;
			}
			if (!this.utf8) {
				return this.charset.encode(java.nio.CharBuffer.wrap(text, off, off + len)).remaining();
			}
			long length = 0;
			for (int i = off; i < off + len; i++) {
				char c = text.charAt(i);
				if (c < 0x80) {
					length++;
				}
				else if (c < 0x800) {
					length += 2;
				}
				else if (Character.isSurrogate(c)) {
					// A pair encodes to 4 bytes: 2 per half.
					length += 2;
				}
				else {
					length += 3;
				}
			}
			return length;
		}

	}

}
