package dev.retort.orm;

import dev.retort.schema.Column;
import dev.retort.schema.Table;
import dev.retort.types.Types;

/**
 * The accounts of tenants that the loader-criteria tests share: the {@link Account} class, its table
 * (named with the test database's suffix), its attributes and the criteria that keep one tenant's rows.
 *
 * <pre>{@code
 * OrmTestDatabase orm = new OrmTestDatabase();
 * Table accounts = TenantAccounts.table(orm);
 * orm.registry.mapImperatively(Account.class, accounts);
 * ORM.select(Account.class).options(TenantAccounts.tenant(1));
 * }</pre>
 */
final class TenantAccounts {
    /** An account of a tenant. */
    public static class Account {
        Integer id;
        Integer tenant;
        String name;

        Account() {
        }

        Account(int tenant, String name) {
            this.tenant = tenant;
            this.name = name;
        }
    }

    private TenantAccounts() {
    }

    /** The accounts table (id, tenant, name) in {@code orm}'s metadata, not yet mapped. */
    static Table table(OrmTestDatabase orm) {
        return new Table("accounts" + orm.suffix, orm.metadata,
                Column.of("id", Types.INTEGER).primaryKey(),
                Column.of("tenant", Types.INTEGER),
                Column.of("name", Types.string(20)));
    }

    static QueryableAttribute<Object> attr(String key) {
        return ORM.attr(Account.class, key);
    }

    /** The criteria that keep tenant {@code t}'s accounts. */
    static LoaderCriteria tenant(int t) {
        return ORM.withLoaderCriteria(Account.class, attr("tenant").eq(t));
    }
}
