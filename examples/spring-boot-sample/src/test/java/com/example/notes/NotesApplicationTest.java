package com.example.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The application starts (its runner adds one note and loses two), on a database of its own. */
@SpringBootTest(properties = "spring.datasource.url=jdbc:sqlite:file:notes-test?mode=memory&cache=shared")
class NotesApplicationTest {
    @Autowired
    Notes notes;

    @Test
    void aFailedTransactionLeavesNoNote() {
        long before = notes.count();
        assertThatThrownBy(() -> notes.addTwoThenFail("a", "b")).hasMessageContaining("gone");
        assertThat(notes.count()).isEqualTo(before);
        assertThat(notes.byTag("home")).contains("buy milk");
        assertThat(notes.byTag("lost")).isEmpty();
    }
}
