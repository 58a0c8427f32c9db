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

    /** Person "p1" with balls "b1" and "b2", "b1" its favorite: the rows SQLAlchemy's test_cycles flushes. */
    static Person personWithTwoBalls() {
        Person p = new Person();
        p.data = "p1";
        p.balls.add(new Ball("b1"));
        p.balls.add(new Ball("b2"));
        p.favorite = p.balls.get(0);
        return p;
    }
}
