package dev.retort.spring.app;

import dev.retort.orm.Registry;
import dev.retort.schema.Column;
import dev.retort.schema.MetaData;
import dev.retort.schema.Table;
import dev.retort.types.Types;
import java.util.UUID;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A small application for the tests: one table, written through Retort (Core and ORM) and
 * through JdbcTemplate by {@link Accounts}. The table's name has a random suffix: other builds
 * use the same database server at the same time.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({Accounts.class, Transfers.class, AccountRepository.class})
public class BankApp {

    /** A mapped class of the ORM. */
    public static class Account {
        public Integer id;
        public String owner;

        public Account() {
        }

        public Account(int id, String owner) {
            this.id = id;
            this.owner = owner;
        }
    }

    /** The schema: a table named accounts_ and a random suffix. */
    public record Bank(MetaData metadata, Table accounts, Registry registry) {
    }

    @Bean(destroyMethod = "")
    public Bank bank() {
        MetaData metadata = new MetaData();
        Table accounts = new Table("accounts_" + UUID.randomUUID().toString().substring(0, 8), metadata,
                Column.of("id", Types.INTEGER).primaryKey().autoincrement(false),
                Column.of("owner", Types.string(40)));
        Registry registry = new Registry(metadata);
        registry.mapImperatively(Account.class, accounts);
        return new Bank(metadata, accounts, registry);
    }
}
