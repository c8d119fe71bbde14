package org.springframework.samples.openframe;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data repository interface in a package under {@code org.springframework.}, where
 * Spring's own sample applications live: it must still name its adapter ({@code sampleItem}),
 * not Spring Data's implementation class.
 */
public interface SampleItemRepository extends CrudRepository<SampleItemRepository.SampleItem, Long> {

	/** The same table as the other test repositories (H2 keeps unquoted names in upper case). */
	@Table("ITEM")
	record SampleItem(@Id @Column("ID") Long id, @Column("NAME") String name) {
	}

}
