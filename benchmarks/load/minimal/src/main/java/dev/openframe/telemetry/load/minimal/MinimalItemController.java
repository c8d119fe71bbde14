package dev.openframe.telemetry.load.minimal;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /items/{id}}, as in the sample app.
 */
@RestController
public class MinimalItemController {

	private final MinimalItemRepository items;

	public MinimalItemController(MinimalItemRepository items) {
		this.items = items;
	}

	@GetMapping("/items/{id}")
	public MinimalItem item(@PathVariable long id) {
		return this.items.findById(id);
	}

}
