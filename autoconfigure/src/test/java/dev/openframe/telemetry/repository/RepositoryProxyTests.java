package dev.openframe.telemetry.repository;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.openframe.telemetry.repository.internal.RepositoryTracingPostProcessor;
import dev.openframe.telemetry.testsupport.PrometheusText;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.support.PersistenceExceptionTranslationInterceptor;
import org.springframework.samples.openframe.SampleItemRepository;
import org.springframework.transaction.interceptor.TransactionInterceptor;

import static dev.openframe.telemetry.testsupport.OtlpReceiver.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * How the proxy behaves around real repositories on H2: transactions, Spring's exception
 * translation, pass-through of other exceptions, async results, naming and Spring Data.
 */
class RepositoryProxyTests {

	private static RunningRepositoryApp app;

	@BeforeAll
	static void start() throws Exception {
		app = RunningRepositoryApp.start("jdbc:h2:mem:proxy;DB_CLOSE_DELAY=-1", "sa",
				RunningRepositoryApp.closedPortUrl("jdbc:h2:tcp://127.0.0.1:PORT/mem:nothing"));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	private RepositoryTestApplication.ItemRepository items() {
		return app.bean(RepositoryTestApplication.ItemRepository.class);
	}

	@Test
	void advisorsRunTracingThenTransactionThenTranslation() {
		Advisor[] advisors = ((Advised) items()).getAdvisors();
		assertThat(advisors[0]).isInstanceOf(RepositoryTracingPostProcessor.TracingAdvisor.class);
		int transaction = indexOf(advisors, TransactionInterceptor.class);
		int translation = indexOf(advisors, PersistenceExceptionTranslationInterceptor.class);
		assertThat(transaction).isPositive();
		assertThat(translation).isGreaterThan(transaction);
	}

	@Test
	void transactionCommitsThroughProxy() {
		items().createBoth("commit-a", "commit-b");
		assertThat(items().count("commit-")).isEqualTo(2);
	}

	@Test
	void transactionRollsBackThroughProxy() {
		items().create("rollback-taken");
		Throwable error = catchThrowable(() -> items().createBoth("rollback-new", "rollback-taken"));
		assertThat(error).isInstanceOf(AdapterConflictError.class);
		assertThat(items().count("rollback-new")).isZero();
	}

	@Test
	void springExceptionTranslationStillRuns() {
		Throwable error = catchThrowable(() -> items().legacyDriverFailure());
		assertThat(error).isInstanceOf(AdapterConnectionError.class)
			.hasCauseInstanceOf(DataAccessResourceFailureException.class);
	}

	@Test
	void nonDataExceptionsPassThroughUntouched() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> items().rejectArgument("x"))
			.withMessage("bad argument x");
		Span span = app.awaitSpan("repository.item.rejectArgument", (candidate) -> true);
		assertThat(span.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
		assertThat(attribute(span.getAttributesList(), "adapter.outcome")).isEqualTo("error");
		assertThat(attribute(span.getAttributesList(), "error.type")).isEqualTo(IllegalArgumentException.class.getName());
	}

	@Test
	void adapterErrorOfTheAdapterPassesThroughUntouched() {
		Throwable error = catchThrowable(() -> items().throwOwnError());
		assertThat(error).isExactlyInstanceOf(AdapterConflictError.class);
		assertThat(((AdapterError) error).operation()).isEqualTo("throwOwnError");
		assertThat(error.getCause()).isNull();
	}

	@Test
	void futureEndsSpanWhenItCompletes() throws Exception {
		long id = items().create("async-item");
		assertThat(items().findNameAsync(id).get(5, TimeUnit.SECONDS)).isEqualTo("async-item");
		CompletableFuture<String> missing = items().findNameAsync(123_456_789);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> missing.get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(AdapterNotFoundError.class);
		app.awaitSpan("repository.item.findNameAsync",
				(span) -> "not_found".equals(attribute(span.getAttributesList(), "adapter.outcome")));
		app.awaitSpan("repository.item.findNameAsync",
				(span) -> "success".equals(attribute(span.getAttributesList(), "adapter.outcome")));
	}

	@Test
	void operationDurationIsAHistogramWithTheDatabaseBuckets() throws Exception {
		long id = items().create("histogram-item");
		assertThat(items().findName(id)).isEqualTo("histogram-item");
		HttpResponse<String> response = app.send("GET", "/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		PrometheusText scrape = PrometheusText.parse(response.body());
		assertThat(scrape.type("adapter_operation_duration_seconds")).isEqualTo("histogram");
		List<PrometheusText.Sample> buckets = scrape.samples("adapter_operation_duration_seconds_bucket")
			.stream()
			.filter((sample) -> "item".equals(sample.labels().get("adapter"))
					&& "findName".equals(sample.labels().get("operation"))
					&& "success".equals(sample.labels().get("outcome")))
			.toList();
		assertThat(buckets).extracting((sample) -> sample.labels().get("le"))
			.containsExactly("0.001", "0.005", "0.01", "0.05", "0.1", "0.5", "1.0", "5.0", "10.0", "+Inf");
		assertThat(buckets.get(buckets.size() - 1).value()).isPositive();
	}

	@Test
	void objectMethodsAreNotTraced() {
		items().toString();
		items().hashCode();
		items().create("marker-after-object-methods");
		app.awaitSpan("repository.item.create", (span) -> true);
		assertThat(app.spans()).noneMatch((span) -> span.getName().endsWith(".toString")
				|| span.getName().endsWith(".hashCode"));
	}

	@Test
	void annotationNamesTheAdapter() {
		assertThat(app.bean(RepositoryTestApplication.CatalogRepository.class).ping()).isEqualTo("pong");
		app.awaitSpan("repository.catalog.ping", (span) -> true);
	}

	@Test
	void springDataRepositoriesAreTraced() {
		RepositoryTestApplication.ItemDataRepository data = app.bean(RepositoryTestApplication.ItemDataRepository.class);
		assertThat(AopUtils.isAopProxy(data)).isTrue();
		RepositoryTestApplication.Item saved = data.save(new RepositoryTestApplication.Item(null, "spring-data"));
		Optional<RepositoryTestApplication.Item> found = data.findById(saved.id());
		assertThat(found).map(RepositoryTestApplication.Item::name).hasValue("spring-data");
		app.awaitSpan("repository.itemData.findById", (span) -> true);
		Throwable error = catchThrowable(() -> data.save(new RepositoryTestApplication.Item(null, "spring-data")));
		assertThat(error).isInstanceOf(AdapterConflictError.class);
		assertThat(app.count("save", "conflict")).isPositive();
	}

	@Test
	void springDataRepositoryInASpringPackageIsNamedAfterItsOwnInterface() {
		SampleItemRepository samples = app.bean(SampleItemRepository.class);
		SampleItemRepository.SampleItem saved = samples.save(new SampleItemRepository.SampleItem(null, "spring-sample"));
		assertThat(samples.findById(saved.id())).map(SampleItemRepository.SampleItem::name).hasValue("spring-sample");
		Span span = app.awaitSpan("repository.sampleItem.findById", (candidate) -> true);
		assertThat(attribute(span.getAttributesList(), "code.function")).isEqualTo("findById");
		assertThat(app.count("sampleItem", "findById", "success")).isPositive();
		assertThat(app.spans()).noneMatch((candidate) -> candidate.getName().startsWith("repository.simple"));
	}

	@Test
	void cachedRepositoryIsTracedAndACacheHitIsAnOperation() {
		RepositoryTestApplication.PriceRepository prices = app.bean(RepositoryTestApplication.PriceRepository.class);
		int lookupsBefore = prices.lookups();
		assertThat(prices.priceOf("sku-1")).isEqualTo("sku-1=9.99");
		assertThat(prices.priceOf("sku-1")).isEqualTo("sku-1=9.99");
		assertThat(prices.lookups()).isEqualTo(lookupsBefore + 1);
		// Tracing runs outside the cache advice: the miss and the hit are one operation each.
		assertThat(app.count("price", "priceOf", "success")).isEqualTo(2);
		awaitSpans("repository.price.priceOf", 2);
	}

	@Test
	void transactionalRepositoryIsTracedOnce() {
		RepositoryTestApplication.ReportRepository reports = app.bean(RepositoryTestApplication.ReportRepository.class);
		Advisor[] advisors = ((Advised) reports).getAdvisors();
		assertThat(advisors[0]).isInstanceOf(RepositoryTracingPostProcessor.TracingAdvisor.class);
		assertThat(indexOf(advisors, TransactionInterceptor.class)).isPositive();
		assertThat(reports.itemCount()).isNotNegative();
		assertThat(app.count("report", "itemCount", "success")).isEqualTo(1);
		awaitSpans("repository.report.itemCount", 1);
	}

	@Test
	void scopedRepositoryIsTracedThroughItsTarget() {
		RepositoryTestApplication.CartRepository carts = app.bean(RepositoryTestApplication.CartRepository.class);
		assertThat(carts.open("ann")).isEqualTo("cart-of-ann");
		assertThat(carts.open("bob")).isEqualTo("cart-of-bob");
		assertThat(app.count("cart", "open", "success")).isEqualTo(2);
		awaitSpans("repository.cart.open", 2);
	}

	@Test
	void fragmentBehindSpringDataRepositoryGetsNoSecondSpan() {
		RepositoryTestApplication.ItemDataRepository data = app.bean(RepositoryTestApplication.ItemDataRepository.class);
		assertThat(data.stockOf("abcd")).isEqualTo(4);
		Span span = app.awaitSpan("repository.itemData.stockOf", (candidate) -> true);
		// The fragment's own proxy ran inside this span and ended first: had it opened a span,
		// the receiver would have it by now.
		assertThat(app.spans()).noneMatch((candidate) -> candidate.getName().endsWith(".stockOf")
				&& !candidate.getSpanId().equals(span.getSpanId()));
		assertThat(app.count("itemData", "stockOf", "success")).isEqualTo(1);
		assertThat(app.count("stockFragmentImpl", "stockOf", "success")).isZero();
	}

	private static void awaitSpans(String name, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(app.spans()).filteredOn((span) -> span.getName().equals(name))
				.hasSize(count));
	}

	private static int indexOf(Advisor[] advisors, Class<?> adviceType) {
		return Arrays.asList(advisors)
			.indexOf(Arrays.stream(advisors)
				.filter((advisor) -> adviceType.isInstance(advisor.getAdvice()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + adviceType.getSimpleName() + " advisor")));
	}

}
