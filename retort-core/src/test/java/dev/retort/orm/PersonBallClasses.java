package dev.retort.orm;

import java.util.ArrayList;
import java.util.List;

/**
 * A person with its balls and its favorite ball, for the tests of two tables that refer to each other
 * (SQLAlchemy's test_cycles; UnitOfWorkSqlTest, PostUpdateTableCycleTest): {@code person(id, favorite_ball_id,
 * data)} and {@code ball(id, person_id, data)}, the cycle broken by a post-update of {@code favorite}.
 */
final class PersonBallClasses {
    private PersonBallClasses() {
    }

    /** A person, its balls and its favorite. */
    public static class Person {
        Integer id;
        Integer favoriteBallId;
        String data;
        List<Ball> balls = new ArrayList<>();
        Ball favorite;
    }

    /** A ball of a person. */
    public static class Ball {
        Integer id;
        Integer personId;
        String data;

        Ball() {
        }

        Ball(String data) {
            this.data = data;
        }
    }
}
