package dev.retort.orm;

import java.util.ArrayList;
import java.util.List;

/**
 * A user and its addresses, for the tests that map them to tables of their own (UnitOfWorkSqlTest,
 * RoutingSessionTest): {@code users(id, name)} and {@code addresses(id, user_id, email)}, {@code addresses}
 * with backref {@code user}.
 */
final class UserAddressClasses {
    private UserAddressClasses() {
    }

    /** A user and its addresses. */
    public static class User {
        Integer id;
        String name;
        List<Address> addresses = new ArrayList<>();

        User() {
        }

        User(String name) {
            this.name = name;
        }
    }

    /** An address of a user. */
    public static class Address {
        Integer id;
        Integer userId;
        String email;
        User user;

        Address() {
        }

        Address(String email) {
            this.email = email;
        }
    }
}
