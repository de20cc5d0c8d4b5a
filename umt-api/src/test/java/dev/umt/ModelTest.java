package dev.umt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.directory.Attributes;
import dev.umt.directory.DirectoryUser;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Threshold;
import dev.umt.target.AccountPatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void attributeNamesAreCaseInsensitive() {
    Attributes a = Attributes.of(Map.of("userPrincipalName", List.of("alice@corp.example")));
    DirectoryUser u =
        DirectoryUser.builder("id1", "cn=Alice,dc=example,dc=test", "alice")
            .surname("Archer")
            .attributes(a)
            .build();

    assertThat(u.value("USERPRINCIPALNAME")).contains("alice@corp.example");
    assertThat(u.value("sn")).contains("Archer");
    assertThat(u.value("mail")).isEmpty();
    assertThat(a)
        .isEqualTo(Attributes.of(Map.of("userprincipalname", List.of("alice@corp.example"))));
    assertThatThrownBy(() -> Attributes.of(Map.of("mail", List.of("a"), "MAIL", List.of("b"))))
        .hasMessageEndingWith("is given twice, in different case");
  }

  @Test
  void aUsersFieldsAnswerTheirNamesInAnyCase() {
    DirectoryUser u =
        DirectoryUser.builder("id1", "cn=Alice,dc=example,dc=test", "alice")
            .email("alice@example.test")
            .givenName("Alice")
            .surname("Archer")
            .phone("+1 555 0100")
            .build();

    for (String name : List.of("givenName", "givenname", "GIVENNAME", "GivenName")) {
      assertThat(u.value(name)).as(name).contains("Alice");
    }
    for (String name : List.of("sAMAccountName", "SAMACCOUNTNAME", "uid", "UID", "loginName")) {
      assertThat(u.value(name)).as(name).contains("alice");
    }
    assertThat(u.value("Mail")).contains("alice@example.test");
    assertThat(u.value("telephoneNumber")).contains("+1 555 0100");
    assertThat(u.value("SURNAME")).contains("Archer");
    assertThat(u.value("title")).isEmpty();
    assertThat(u.value("TITLE")).isEmpty();
    assertThat(u.value("manager")).isEmpty();
  }

  @Test
  void recordsRefuseBlankIdsNamingWhatIsBlank() {
    assertThatThrownBy(() -> DirectoryUser.builder("id1", "cn=Bob,dc=example,dc=test", " ").build())
        .hasMessage("login name of cn=Bob,dc=example,dc=test is blank");
    assertThatThrownBy(() -> new GroupRef("k", "Sales/EMEA"))
        .hasMessage("a group is named by a key or by a path, exactly one");
    assertThatThrownBy(() -> new Threshold(10, 120))
        .hasMessage("threshold percentage must be 0 to 100, not 120");
  }

  @Test
  void blankOptionalFieldsReadAsAbsent() {
    DirectoryUser u =
        DirectoryUser.builder("id1", "cn=Erin,dc=example,dc=test", "erin").email("  ").build();
    assertThat(u.email()).isNull();
    assertThat(new AccountPatch("", null, null, null, null).isEmpty()).isTrue();
  }

  @Test
  void thresholdsSayWhyTheyAreCrossed() {
    assertThat(Threshold.DEFAULT.crossedBy(500, 10_000)).isEmpty();
    assertThat(Threshold.DEFAULT.crossedBy(501, 10_000))
        .isEqualTo("501 deprovisioning steps exceed the limit of 500");
    assertThat(Threshold.DEFAULT.crossedBy(3, 10))
        .isEqualTo(
            "3 deprovisioning steps are 30 % of 10 managed accounts, over the limit of 20 %");
    assertThat(Threshold.DEFAULT.crossedBy(2, 10)).isEmpty();
  }
}
