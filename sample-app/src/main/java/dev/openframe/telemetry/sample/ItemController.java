package dev.openframe.telemetry.sample;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The Items HTTP API.
 */
@RestController
@RequestMapping("/items")
public class ItemController {

	private static final Logger logger = LoggerFactory.getLogger(ItemController.class);

	private final ItemRepository items;

	private final Executor asyncExecutor;

	private final ObjectProvider<ItemEvents> events;

	/**
	 * Creates the controller.
	 * @param items the repository
	 * @param applicationTaskExecutor Spring Boot's executor; the starter decorates it so that its
	 * tasks stay in the request's trace and MDC
	 * @param events where new items are announced (Kafka with the 'kafka' profile, else nowhere)
	 */
	public ItemController(ItemRepository items, @Qualifier("applicationTaskExecutor") Executor applicationTaskExecutor,
			ObjectProvider<ItemEvents> events) {
		this.items = items;
		this.asyncExecutor = applicationTaskExecutor;
		this.events = events;
	}

	@GetMapping
	public List<Item> list() {
		return this.items.findAll();
	}

	@GetMapping("/{id}")
	public Item get(@PathVariable long id) {
		return this.items.findById(id);
	}

	@GetMapping("/{id}/async")
	public CompletableFuture<Item> getAsync(@PathVariable long id) {
		return CompletableFuture.supplyAsync(() -> this.items.findById(id), this.asyncExecutor);
	}

	@PostMapping
	public ResponseEntity<Item> create(@RequestBody CreateItem request) {
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name must be 1 to 200 characters");
		}
		Item item = this.items.create(request.name().strip());
		logger.info("Created item {}", item.id());
		this.events.ifAvailable((events) -> events.created(item));
		return ResponseEntity.created(URI.create("/items/" + item.id())).body(item);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	public void delete(@PathVariable long id) {
		this.items.deleteById(id);
	}

	/**
	 * Body of {@code POST /items}.
	 *
	 * @param name the new item's unique name
	 */
	public record CreateItem(String name) {
	}

}
