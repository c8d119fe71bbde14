package dev.openframe.telemetry.repository;

import java.util.function.Supplier;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A web application whose endpoints fail with each kind of {@link AdapterError}, one controller
 * with its own {@code @ExceptionHandler} and one covered by the application's own
 * {@code @ControllerAdvice}. Its own 404 page is {@code error-pages/error/404.html}, found through
 * {@code spring.web.resources.static-locations}; other statuses get Spring Boot's whitelabel page.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
class ErrorPageTestApplication {

	/** Fails with the error of the kind named in the path. */
	@RestController
	static class FailingController {

		@GetMapping("/fail/{kind}")
		String fail(@PathVariable AdapterErrorKind kind) {
			throw error(kind).get();
		}

	}

	/** Handles adapter errors itself. */
	@RestController
	static class LocallyHandlingController {

		@GetMapping("/local/{kind}")
		String fail(@PathVariable AdapterErrorKind kind) {
			throw error(kind).get();
		}

		@ExceptionHandler(AdapterError.class)
		ResponseEntity<String> handle(AdapterError error) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT)
				.contentType(MediaType.TEXT_PLAIN)
				.body("local handler: " + error.kind());
		}

	}

	/** Its adapter errors are handled by {@link ApplicationAdvice}. */
	@RestController
	static class AdvisedController {

		@GetMapping("/advised/{kind}")
		String fail(@PathVariable AdapterErrorKind kind) {
			throw error(kind).get();
		}

	}

	/** The application's own advice, limited to one controller so the others show the starter's answer. */
	@RestControllerAdvice(assignableTypes = AdvisedController.class)
	static class ApplicationAdvice {

		@ExceptionHandler(AdapterError.class)
		ResponseEntity<String> handle(AdapterError error) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT)
				.contentType(MediaType.TEXT_PLAIN)
				.body("application advice: " + error.kind());
		}

	}

	static Supplier<AdapterError> error(AdapterErrorKind kind) {
		return switch (kind) {
			case NOT_FOUND -> () -> new AdapterNotFoundError("item", "findById", null);
			case CONFLICT -> () -> new AdapterConflictError("item", "create", null);
			case TIMEOUT -> () -> new AdapterTimeoutError("item", "search", null);
			case CONNECTION -> () -> new AdapterConnectionError("item", "count", null);
			case QUERY -> () -> new AdapterQueryError("item", "report", null);
			default -> throw new IllegalArgumentException("no test error for " + kind);
		};
	}

}
