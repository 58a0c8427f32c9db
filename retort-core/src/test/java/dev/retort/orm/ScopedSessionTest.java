package dev.retort.orm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.orm.SeedModel.User;
import dev.retort.testing.Databases;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ScopedSessionTest {
    static final SeedModel M = new SeedModel();

    @AfterAll
    static void unmap() {
        M.close();
    }

    @Test
    void oneSessionPerThreadUntilRemoved() throws Exception {
        ScopedSession scoped = new ScopedSession(SessionFactory.of(Databases.sqlite()));
        Session mine = scoped.get();
        assertThat(scoped.get()).isSameAs(mine);
        Session theirs = CompletableFuture.supplyAsync(scoped::get).get();
        assertThat(theirs).isNotSameAs(mine);
        User u = new User("x");
        scoped.add(u);
        assertThat(mine.contains(u)).isTrue();
        scoped.remove();
        assertThat(mine.contains(u)).isFalse();
        assertThat(scoped.get()).isNotSameAs(mine);
        assertThat(scoped.query(User.class).session()).isSameAs(scoped.get());
        scoped.remove();
    }
}
