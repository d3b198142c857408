package dev.hoist.protocol.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryNamesTest {

    @Test
    void reducesDotsAndEmptySegmentsLexically() {
        assertThat(EntryNames.reduce(List.of(), "./a//b/../c/")).containsExactly("a", "c");
        assertThat(EntryNames.reduce(List.of("x"), "../y")).containsExactly("y");
        assertThat(EntryNames.reduce(List.of(), ".")).isEmpty();
    }

    @Test
    void climbingAboveTheRootIsNull() {
        assertThat(EntryNames.reduce(List.of(), "../evil")).isNull();
        assertThat(EntryNames.reduce(List.of(), "a/../../evil")).isNull();
        assertThat(EntryNames.reduce(List.of("a"), "../../evil")).isNull();
    }
}
