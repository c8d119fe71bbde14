package dev.openframe.telemetry.web.internal;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ByteCountingResponse} counts what the response will send: bytes a reset discards are
 * not counted, bytes already flushed are. Spring's {@link MockHttpServletResponse} stands in for
 * the container (it buffers, commits on flush and refuses to reset once committed, as Tomcat
 * does); {@link RequestMetricsTests} shows the same on a real Tomcat.
 */
class ByteCountingResponseTests {

	private final MockHttpServletResponse target = new MockHttpServletResponse();

	private final ByteCountingResponse response = new ByteCountingResponse(this.target, "x-session-id", "s-1");

	@Test
	void resetDiscardsWriterBytes() throws Exception {
		this.response.getWriter().write("x".repeat(1000));
		this.response.reset();
		this.response.getWriter().write("short");
		this.response.flushBuffer();
		assertThat(this.target.getContentAsString()).isEqualTo("short");
		assertThat(this.response.bytesWritten()).isEqualTo(5);
		assertThat(this.target.getHeader("x-session-id")).isEqualTo("s-1");
	}

	@Test
	void resetLetsTheApplicationSwitchFromWriterToStream() throws Exception {
		this.response.getWriter().write("x".repeat(100));
		this.response.reset();
		ServletOutputStream out = this.response.getOutputStream();
		out.write("bytes".getBytes(StandardCharsets.UTF_8));
		assertThat(this.target.getContentAsString()).isEqualTo("bytes");
		assertThat(this.response.bytesWritten()).isEqualTo(5);
	}

	@Test
	void writerHeldAcrossResetStillCounts() throws Exception {
		PrintWriter writer = this.response.getWriter();
		writer.write("discarded");
		this.response.reset();
		writer.write("kept");
		assertThat(this.target.getContentAsString()).isEqualTo("kept");
		assertThat(this.response.bytesWritten()).isEqualTo(4);
	}

	@Test
	void resetBufferDiscardsStreamBytes() throws Exception {
		ServletOutputStream out = this.response.getOutputStream();
		out.write(new byte[2000]);
		this.response.resetBuffer();
		out.write(new byte[7]);
		assertThat(this.target.getContentAsByteArray()).hasSize(7);
		assertThat(this.response.bytesWritten()).isEqualTo(7);
	}

	@Test
	void flushedBytesStayCountedWhenResetIsRefused() throws Exception {
		this.response.getWriter().write("sent");
		this.response.flushBuffer();
		assertThatIllegalStateException().isThrownBy(this.response::reset);
		assertThatIllegalStateException().isThrownBy(this.response::resetBuffer);
		this.response.getWriter().write("+more");
		assertThat(this.target.getContentAsString()).isEqualTo("sent+more");
		assertThat(this.response.bytesWritten()).isEqualTo(9);
	}

	// The Servlet specification has sendError and sendRedirect clear the buffer, and Tomcat does;
	// the mock keeps it, so only the count is checked here (RequestMetricsTests: a real redirect).

	@Test
	void sendErrorDiscardsBufferedBytes() throws Exception {
		this.response.getWriter().write("partial");
		this.response.sendError(404);
		assertThat(this.response.bytesWritten()).isZero();
	}

	@Test
	void sendRedirectDiscardsBufferedBytes() throws Exception {
		this.response.getOutputStream().write(new byte[10]);
		this.response.sendRedirect("/elsewhere");
		assertThat(this.response.bytesWritten()).isZero();
	}

	@Test
	void sendRedirectKeepingTheBufferKeepsTheCount() throws Exception {
		this.response.getOutputStream().write(new byte[10]);
		this.response.sendRedirect("/elsewhere", 303, false);
		assertThat(this.response.bytesWritten()).isEqualTo(10);
	}

}
