package dev.openframe.telemetry.repository;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link AdapterError} reaching Spring MVC on a real Tomcat: API clients get an RFC 9457
 * problem, a browser's page request gets the application's own error page (or Spring Boot's
 * whitelabel page) with the mapped status, and the application's own handlers win over both.
 */
class AdapterErrorResponseTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		context = new SpringApplicationBuilder(ErrorPageTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1",
					"spring.web.resources.static-locations=classpath:/error-pages/")
			.run();
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void browserPageRequestGetsTheApplicationsOwnErrorPage() throws Exception {
		HttpResponse<String> response = get("/fail/NOT_FOUND", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/html"));
		assertThat(response.body()).contains("The application's own 404 page");
	}

	@ParameterizedTest
	@EnumSource(names = { "CONFLICT", "TIMEOUT", "CONNECTION", "QUERY" })
	void browserPageRequestGetsTheWhitelabelPageWithTheMappedStatus(AdapterErrorKind kind) throws Exception {
		HttpResponse<String> response = get("/fail/" + kind.name(), BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(kind.status());
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).startsWith("text/html"));
		assertThat(response.body()).contains("Whitelabel Error Page", "status=" + kind.status())
			.doesNotContain("item.", "failed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "application/problem+json", "*/*", "",
			"text/html;q=0.5,application/json" })
	void apiClientsGetAProblem(String accept) throws Exception {
		for (AdapterErrorKind kind : new AdapterErrorKind[] { AdapterErrorKind.NOT_FOUND, AdapterErrorKind.CONNECTION }) {
			HttpResponse<String> response = get("/fail/" + kind.name(), accept);
			assertThat(response.statusCode()).isEqualTo(kind.status());
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(contentType) -> assertThat(contentType).startsWith("application/problem+json"));
			JsonNode problem = json.readTree(response.body());
			assertThat(problem.path("type").asText()).isEqualTo(kind.type());
			assertThat(problem.path("status").asInt()).isEqualTo(kind.status());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { BROWSER_ACCEPT, "application/json", "" })
	void controllersOwnExceptionHandlerWins(String accept) throws Exception {
		HttpResponse<String> response = get("/local/CONFLICT", accept);
		assertThat(response.statusCode()).isEqualTo(418);
		assertThat(response.body()).isEqualTo("local handler: CONFLICT");
	}

	@ParameterizedTest
	@ValueSource(strings = { BROWSER_ACCEPT, "application/json", "" })
	void applicationsControllerAdviceWins(String accept) throws Exception {
		HttpResponse<String> response = get("/advised/NOT_FOUND", accept);
		assertThat(response.statusCode()).isEqualTo(418);
		assertThat(response.body()).isEqualTo("application advice: NOT_FOUND");
	}

	private static HttpResponse<String> get(String path, String accept) throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20));
		if (!accept.isEmpty()) {
			request.header("Accept", accept);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
