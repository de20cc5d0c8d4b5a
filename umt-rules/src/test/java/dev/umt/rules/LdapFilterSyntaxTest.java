package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LdapFilterSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "(cn=Babs Jensen)",
        "(!(cn=Tim Howes))",
        "(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))",
        "(o=univ*of*mich*)",
        "(seeAlso=)",
        "(cn:caseExactMatch:=Fred Flintstone)",
        "(cn:=Betty Rubble)",
        "(sn:dn:2.4.6.8.10:=Barney Rubble)",
        "(o:dn:=Ace Industry)",
        "(:1.2.3:=Wilma Flintstone)",
        "(:DN:2.4.6.8.10:=Dino)",
        "(cn=*\\2A*)",
        "(filename=C:\\5cMyFile)",
        "(bin=\\00\\00\\00\\04)",
        "(sn=Lu\\c4\\8di\\c4\\87)",
        "(1.3.6.1.4.1.1466.0=\\04\\02\\48\\69)",
        "(mail=*)",
        "(title=*manager)",
        "(userAccountControl:1.2.840.113556.1.4.803:=2)",
        "(memberOf:1.2.840.113556.1.4.1941:=CN=Sales,OU=Groups,DC=example,DC=com)",
        "(employeeNumber>=100)",
        "(employeeNumber<=200)",
        "(sn~=smith)",
        "(userCertificate;binary=*)",
        "(department=R&D)",
        "(cn=a=b)"
      })
  void acceptsWhatRfc4515AndUnboundIdAccept(String filter) throws LDAPException {
    assertThatCode(() -> LdapFilterSyntax.check(filter)).doesNotThrowAnyException();
    Filter.create(filter); // the reference parser agrees
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "department=Sales",
            "a filter starts with '(' (write (department=Sales) for a single condition)"),
        Arguments.of("(department=Sales", "the filter ends where ')' was expected at character 18"),
        Arguments.of("(cn=a))", "text after the end of the filter at character 7"),
        Arguments.of("(&)", "'&' needs at least one filter in parentheses at character 3"),
        Arguments.of("(|(cn=a)(cn=b)", "the filter ends where ')' was expected at character 15"),
        Arguments.of("(!cn=a)", "'!' needs one filter in parentheses at character 3"),
        Arguments.of("(!(cn=a)(cn=b))", "expected ')', not '(' at character 9"),
        Arguments.of("(=a)", "expected an attribute name, not '=' at character 2"),
        Arguments.of(
            "(cn)",
            "expected '=', '~=', '>=', '<=' or ':=' after the attribute, not ')' at character 4"),
        Arguments.of(
            "(c n=a)",
            "expected '=', '~=', '>=', '<=' or ':=' after the attribute, not ' ' at character 3"),
        Arguments.of("(cn~a)", "expected '=' after '~' at character 5"),
        Arguments.of("(cn=a(b)", "'(' in a value must be escaped as \\28 at character 6"),
        Arguments.of("(cn>=a*)", "'*' in this value must be escaped as \\2a at character 7"),
        Arguments.of("(cn=a**b)", "two '*' in a row at character 7"),
        Arguments.of("(cn=a\\2)", "'\\' must be followed by two hexadecimal digits at character 6"),
        Arguments.of(
            "(cn=a\\zz)", "'\\' must be followed by two hexadecimal digits at character 6"),
        Arguments.of(
            "(:=a)",
            "an extensible match without an attribute needs a matching rule at character 2"),
        Arguments.of("(cn:1.2:3.4:=a)", "expected ':=' in the extensible match at character 9"),
        Arguments.of("(1.02=a)", "a number in an OID has no leading zero at character 4"),
        Arguments.of("(cn;=a)", "empty attribute option after ';' at character 5"),
        Arguments.of("()", "expected an attribute name, not ')' at character 2"),
        Arguments.of("", "the filter is empty"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("malformed")
  void refusesWithWhatAndWhere(String filter, String message) {
    assertThatThrownBy(() -> LdapFilterSyntax.check(filter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** The same malformed filters, minus the ones UnboundID is knowingly more lenient about. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "(department=Sales",
        "(cn=a))",
        "(|(cn=a)(cn=b)",
        "(!cn=a)",
        "(!(cn=a)(cn=b))",
        "(=a)",
        "(cn)",
        "(cn~a)",
        "(cn=a(b)",
        "(cn>=a*)",
        "(cn=a\\2)",
        "(cn=a\\zz)",
        "(:=a)",
        "(cn=a**b)",
        "()"
      })
  void unboundIdRefusesThemToo(String filter) {
    assertThatThrownBy(() -> Filter.create(filter)).isInstanceOf(LDAPException.class);
    assertThat(filter).isNotBlank();
  }
}
