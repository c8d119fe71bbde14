package dev.openframe.telemetry.jdbc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application whose repository is a Spring Data JPA repository on Hibernate: its statements are
 * written by Hibernate and run on the connections of the same {@code DataSource} bean.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(
		excludeName = "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration")
@EntityScan(basePackageClasses = JpaTestApplication.class)
@EnableJpaRepositories(considerNestedRepositories = true, basePackageClasses = JpaTestApplication.class,
		includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JpaTestApplication.ItemRepository.class))
class JpaTestApplication {

	/** A JPA entity with a unique name, for constraint violations. */
	@Entity
	@Table(name = "item")
	static class Item {

		@Id
		@GeneratedValue(strategy = GenerationType.IDENTITY)
		private Long id;

		@Column(nullable = false, unique = true, length = 100)
		private String name;

		protected Item() {
		}

		Item(String name) {
			this.name = name;
		}

		Long getId() {
			return this.id;
		}

		String getName() {
			return this.name;
		}

	}

	/** Spring Data JPA repository, traced as the adapter {@code item}. */
	interface ItemRepository extends JpaRepository<Item, Long> {

	}

	@RestController
	static class ItemController {

		private final ItemRepository items;

		ItemController(ItemRepository items) {
			this.items = items;
		}

		@GetMapping("/items/{id}")
		String item(@PathVariable long id) {
			return this.items.findById(id).map(Item::getName).orElse("");
		}

	}

}
