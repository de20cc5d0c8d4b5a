package dev.umt.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AttributesViewTest {
  /** Values held by lower-case name, as an LDAP entry holds them; counts the names asked for. */
  private final Map<String, List<String>> held =
      Map.of("mail", List.of("a@example.test"), "employeenumber", List.of("4711", "4712"));

  private final List<String> asked = new ArrayList<>();
  private int namesMade;

  private Attributes view() {
    return Attributes.view(
        () -> {
          namesMade++;
          return List.of("mail", "employeeNumber");
        },
        name -> {
          asked.add(name);
          return held.get(name.toLowerCase(Locale.ROOT));
        });
  }

  @Test
  void valuesAreLookedUpIgnoringCaseOnlyWhenAskedFor() {
    Attributes a = view();
    assertThat(asked).isEmpty();
    assertThat(namesMade).isZero();
    assertThat(a.first("MAIL")).isEqualTo(Optional.of("a@example.test"));
    assertThat(a.all("EmployeeNumber")).containsExactly("4711", "4712");
    assertThat(a.all("title")).isEmpty();
    assertThat(a.first("title")).isEmpty();
    assertThat(asked).contains("MAIL", "EmployeeNumber", "title");
    assertThat(namesMade).isZero();
  }

  @Test
  void theViewEqualsTheCopyOfTheSameAttributes() {
    Attributes copy =
        Attributes.of(
            Map.of("MAIL", List.of("a@example.test"), "employeeNumber", List.of("4711", "4712")));
    Attributes a = view();
    assertThat(a.names()).containsExactly("employeeNumber", "mail");
    assertThat(a).isEqualTo(copy);
    assertThat(copy).isEqualTo(a);
    assertThat(a.hashCode()).isEqualTo(copy.hashCode());
    assertThat(a).hasToString("{employeeNumber=[4711, 4712], mail=[a@example.test]}");
    assertThat(a.isEmpty()).isFalse();
    assertThat(namesMade).isEqualTo(1);
    assertThat(a).isNotEqualTo(Attributes.of("mail", "a@example.test"));
  }

  @Test
  void noNamesIsEmptyAndABlankNameIsAnError() {
    Attributes none = Attributes.view(List::of, name -> null);
    assertThat(none.isEmpty()).isTrue();
    assertThat(none).isEqualTo(Attributes.empty());
    Attributes blank = Attributes.view(() -> List.of("mail", " "), name -> List.of("x"));
    assertThatThrownBy(blank::names)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute name is blank");
  }

  @Test
  void valuesHandedOutCannotBeChanged() {
    Attributes a = Attributes.view(() -> List.of("cn"), name -> new ArrayList<>(List.of("x")));
    assertThatThrownBy(() -> a.all("cn").add("y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
