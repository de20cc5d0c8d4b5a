package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.directory.Attributes;
import dev.umt.directory.DirectoryUser;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateTest {
  private static final DirectoryUser ANN =
      DirectoryUser.builder("id-ann", "CN=Ann Lee,OU=Sales,DC=example,DC=com", "alee")
          .email("Ann.Lee@Example.COM")
          .givenName("  Ann ")
          .surname("Lee")
          .title("   ")
          .attributes(
              Attributes.of(
                  Map.of(
                      "userPrincipalName",
                      List.of("alee@corp.example.com"),
                      "extensionAttribute1",
                      List.of("x$y"))))
          .build();

  static Stream<Arguments> expansions() {
    return Stream.of(
        Arguments.of("${mail}", "Ann.Lee@Example.COM"),
        Arguments.of("${MAIL}", "Ann.Lee@Example.COM"),
        Arguments.of("${mail:lower}", "ann.lee@example.com"),
        Arguments.of("${sn:upper}", "LEE"),
        Arguments.of("${givenName:trim}", "Ann"),
        Arguments.of("${givenName}", "  Ann "),
        Arguments.of("${givenName:trim:upper}", "ANN"),
        Arguments.of("${ givenName | sn : trim }", "Ann"),
        Arguments.of("${employeeNumber|userPrincipalName}", "alee@corp.example.com"),
        Arguments.of("${USERPRINCIPALNAME|mail:upper}", "ALEE@CORP.EXAMPLE.COM"),
        Arguments.of("${title|department|'Staff'}", "Staff"),
        Arguments.of("${title|'a:b|c'}", "a:b|c"),
        Arguments.of("${givenName:trim}.${sn}@example.com", "Ann.Lee@example.com"),
        Arguments.of("Dr. ${sn}", "Dr. Lee"),
        Arguments.of("cost $$5 ${extensionAttribute1}", "cost $5 x$y"),
        Arguments.of("price $ only", "price $ only"),
        Arguments.of("${uid}", "alee"),
        Arguments.of("Constant", "Constant"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("expansions")
  void expands(String template, String expected) {
    Template.Expansion e = Template.parse(template).expand(ANN::value);
    assertThat(e.value()).isEqualTo(expected);
    assertThat(e.emptyPlaceholder()).isNull();
  }

  @Test
  void aPlaceholderWithoutValueEmptiesTheWholeField() {
    Template t = Template.parse("${givenName}.${employeeNumber|title}@example.com");
    assertThat(t.expand(ANN::value))
        .isEqualTo(new Template.Expansion(null, "${employeeNumber|title}"));
    assertThat(t.isSinglePlaceholder()).isFalse();
    assertThat(t.attributeNames()).containsExactly("givenName", "employeeNumber", "title");
    assertThat(Template.parse("${title}").expand(ANN::value))
        .isEqualTo(new Template.Expansion(null, "${title}"));
    assertThat(Template.parse("${title}").isSinglePlaceholder()).isTrue();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "the template is empty"),
        Arguments.of("   ", "the template is empty"),
        Arguments.of("${mail", "no closing '}' for the '${' at character 1"),
        Arguments.of("x ${mail} ${sn", "no closing '}' for the '${' at character 11"),
        Arguments.of("${}", "no attribute name in ${} at character 3"),
        Arguments.of("${mail|}", "empty fallback in ${mail|} at character 8"),
        Arguments.of("${|mail}", "empty fallback in ${|mail} at character 3"),
        Arguments.of(
            "${ma il}",
            "\"ma il\" in ${ma il} at character 3 is not an attribute name (a letter, then letters,"
                + " digits or '-')"),
        Arguments.of(
            "${1mail}",
            "\"1mail\" in ${1mail} at character 3 is not an attribute name (a letter, then letters,"
                + " digits or '-')"),
        Arguments.of(
            "${mail:lowr}",
            "unknown transform \"lowr\" in ${mail:lowr} at character 8; known: lower, upper, trim"),
        Arguments.of(
            "${mail|sn: upper :Lower}",
            "unknown transform \"Lower\" in ${mail|sn: upper :Lower} at character 19; known: lower,"
                + " upper, trim"),
        Arguments.of("${mail:}", "empty transform after ':' in ${mail:} at character 7"),
        Arguments.of(
            "${mail:lower: }", "empty transform after ':' in ${mail:lower: } at character 13"),
        Arguments.of("${mail|'x}", "unclosed quote in the '${' at character 1"),
        Arguments.of("${'x'y}", "text after a quoted literal in ${'x'y} at character 3"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void malformedTemplatesSayWhatAndWhere(String template, String message) {
    assertThatThrownBy(() -> Template.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
