package dev.umt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class PageCursorOfTest {

  @Test
  void returnsThePagesInOrderAndIsComplete() {
    try (PageCursor<String> c = PageCursor.of(List.of(List.of("a", "b"), List.of("c")))) {
      assertThat(c.hasNext()).isTrue();
      assertThat(c.next()).containsExactly("a", "b");
      assertThat(c.next()).containsExactly("c");
      assertThat(c.hasNext()).isFalse();
      assertThat(c.isComplete()).isTrue();
      assertThat(c.incompleteReason()).isEmpty();
      assertThatThrownBy(c::next)
          .isInstanceOf(NoSuchElementException.class)
          .hasMessage("no page after the last");
    }
  }

  @Test
  void anIncompleteCursorSaysWhy() {
    PageCursor<String> c = PageCursor.of(List.of(List.of("a")), "size limit after 1 page");
    assertThat(c.next()).containsExactly("a");
    assertThat(c.hasNext()).isFalse();
    assertThat(c.isComplete()).isFalse();
    assertThat(c.incompleteReason()).isEqualTo("size limit after 1 page");
  }

  @Test
  void closingEndsTheCursorAndMayBeRepeated() {
    PageCursor<String> c = PageCursor.of(List.of(List.of("a"), List.of("b")));
    c.close();
    c.close();
    assertThat(c.hasNext()).isFalse();
  }

  @Test
  void thePagesAreCopied() {
    List<List<String>> pages = new java.util.ArrayList<>(List.of(List.of("a")));
    PageCursor<String> c = PageCursor.of(pages);
    pages.add(List.of("b"));
    assertThat(c.next()).containsExactly("a");
    assertThat(c.hasNext()).isFalse();
  }
}
