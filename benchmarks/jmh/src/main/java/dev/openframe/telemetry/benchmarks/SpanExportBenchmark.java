package dev.openframe.telemetry.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the batch processor's thread spends on one full batch (512 spans) before the network:
 * the OTLP protobuf body written by the exporter's own low-allocation marshaler, as is
 * ({@code none}) or through the starter's gzip at level 1 ({@code gzip}). The spans are shaped
 * like the sample app's: a SERVER span with the starter's attributes and a repository span
 * inside it, per request. Divide by 256 for the cost per request.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanExportBenchmark {

	private static final int REQUESTS = 256;

	@Param({ "none", "gzip" })
	public String compression;

	/**
	 * The exporter's memory mode: {@code reusable} ({@code REUSABLE_DATA}, the default of the
	 * SDK's OTLP exporters: one marshaler kept and reset) or {@code immutable}
	 * ({@code IMMUTABLE_DATA}: a marshaler tree built for each batch).
	 */
	@Param({ "reusable", "immutable" })
	public String memoryMode;

	private final List<SpanData> batch = new ArrayList<>();

	private final LowAllocationTraceRequestMarshaler marshaler = new LowAllocationTraceRequestMarshaler();

	private final ByteArrayOutputStream body = new ByteArrayOutputStream(256 * 1024);

	@Setup
	public void setUp() {
		Resource resource = Resource.getDefault()
			.merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "items-service")));
		try (SdkTracerProvider provider = SdkTracerProvider.builder()
			.setResource(resource)
			.addSpanProcessor(SimpleSpanProcessor.create(new SpanSink(this.batch::addAll)))
			.build()) {
			Tracer tracer = provider.get("dev.openframe.telemetry");
			for (int i = 0; i < REQUESTS; i++) {
				request(tracer, i);
			}
		}
	}

	private static void request(Tracer tracer, int i) {
		Span server = tracer.spanBuilder("GET")
			.setSpanKind(SpanKind.SERVER)
			.setAttribute("http.request.method", "GET")
			.setAttribute("url.path", "/items/" + (i % 10))
			.setAttribute("url.scheme", "http")
			.setAttribute("server.address", "127.0.0.1")
			.setAttribute("server.port", 8080L)
			.setAttribute("client.address", "127.0.0.1")
			.setAttribute("network.protocol.version", "1.1")
			.setAttribute("session.id", "3b241101-e2bb-4255-8caf-" + (100_000_000_000L + i))
			.setAttribute("user_agent.original", "wrk")
			.startSpan();
		try (Scope scope = server.makeCurrent()) {
			tracer.spanBuilder("repository.item.findById")
				.setAttribute("code.namespace", "dev.openframe.telemetry.sample.ItemRepository")
				.setAttribute("code.function", "findById")
				.setAttribute("db.system", "h2")
				.startSpan()
				.setAttribute("adapter.outcome", "success")
				.end();
		}
		server.updateName("GET /items/{id}");
		server.setAttribute("http.route", "/items/{id}");
		server.setAttribute("http.response.status_code", 200L);
		server.setAttribute("http.response.body.size", 28L);
		server.end();
	}

	@Benchmark
	public int batch() throws IOException {
		this.body.reset();
		boolean reusable = this.memoryMode.equals("reusable");
		Marshaler request;
		if (reusable) {
			this.marshaler.initialize(this.batch);
			request = this.marshaler;
		}
		else {
			request = TraceRequestMarshaler.create(this.batch);
		}
		try (OutputStream out = this.compression.equals("gzip") ? gzip(this.body) : this.body) {
			request.writeBinaryTo(out);
		}
		finally {
			if (reusable) {
				this.marshaler.reset();
			}
		}
		return this.body.size();
	}

	/** As the starter's exporter writes gzip: level 1, an 8 KB buffer. */
	private static OutputStream gzip(OutputStream out) throws IOException {
		return new GZIPOutputStream(out, 8192) {
			{
				this.def.setLevel(Deflater.BEST_SPEED);
			}
		};
	}

}
