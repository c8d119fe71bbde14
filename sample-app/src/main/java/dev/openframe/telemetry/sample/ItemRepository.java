package dev.openframe.telemetry.sample;

import java.util.List;

import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Items in a relational database through {@link JdbcClient}. Plain Spring data access: the
 * starter traces every call as {@code repository.item.*} and turns Spring's exceptions (a
 * missing row, a duplicate name) into {@code AdapterError}s, which become 404 and 409 problem
 * responses without any code here.
 */
@Repository
public class ItemRepository {

	private final JdbcClient jdbc;

	public ItemRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public List<Item> findAll() {
		return this.jdbc.sql("SELECT id, name FROM item ORDER BY id").query(Item.class).list();
	}

	/**
	 * Finds one item.
	 * @param id the item id
	 * @return the item
	 * @throws EmptyResultDataAccessException when there is none
	 */
	public Item findById(long id) {
		return this.jdbc.sql("SELECT id, name FROM item WHERE id = :id").param("id", id).query(Item.class).single();
	}

	/**
	 * Adds an item.
	 * @param name its unique name
	 * @return the stored item
	 * @throws org.springframework.dao.DuplicateKeyException when the name is taken
	 */
	public Item create(String name) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO item (name) VALUES (:name)").param("name", name).update(keys, "id");
		return new Item(keys.getKeyAs(Number.class).longValue(), name);
	}

	/**
	 * Removes an item.
	 * @param id the item id
	 * @throws EmptyResultDataAccessException when there is none
	 */
	public void deleteById(long id) {
		int deleted = this.jdbc.sql("DELETE FROM item WHERE id = :id").param("id", id).update();
		if (deleted == 0) {
			throw new EmptyResultDataAccessException("No item " + id, 1);
		}
	}

}
