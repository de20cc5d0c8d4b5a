package dev.umt.ldap.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParentMemoTest {
  @Test
  void theParentStartsAfterTheFirstCommaThatIsNotEscaped() {
    assertThat(parent("cn=Smith\\, John,ou=People,dc=x")).isEqualTo("ou=People,dc=x");
    assertThat(parent("cn=Smith\\2C John,ou=People,dc=x")).isEqualTo("ou=People,dc=x");
    assertThat(parent("cn=back\\\\,ou=People")).isEqualTo("ou=People");
    assertThat(parent("cn=a+uid=b\\,c,ou=People")).isEqualTo("ou=People");
    assertThat(parent("cn=a , ou=People")).isEqualTo(" ou=People");
  }

  @Test
  void dnsTheTextCannotSplitHaveNoParentText() {
    assertThat(ParentMemo.parentStart("dc=test")).isEqualTo(-1);
    assertThat(ParentMemo.parentStart("cn=a,")).isEqualTo(-1);
    assertThat(ParentMemo.parentStart("cn=\"Smith, John\",ou=People")).isEqualTo(-1);
    assertThat(ParentMemo.parentStart("cn=a;ou=People")).isEqualTo(-1);
    assertThat(ParentMemo.parentStart("cn=x\\")).isEqualTo(-1);
  }

  private static String parent(String dn) {
    return dn.substring(ParentMemo.parentStart(dn));
  }

  @Test
  void siblingsAreComputedOnceAndEverySpellingGetsTheParsedParent() {
    List<DN> computed = new ArrayList<>();
    ParentMemo<String> memo =
        new ParentMemo<>(
            p -> {
              computed.add(p);
              return p.toNormalizedString();
            },
            "none");
    assertThat(memo.of(new Entry("uid=a,ou=Sales\\, EMEA,dc=x")))
        .isEqualTo("ou=sales\\, emea,dc=x");
    assertThat(memo.of(new Entry("uid=b,ou=Sales\\, EMEA,dc=x")))
        .isEqualTo("ou=sales\\, emea,dc=x");
    assertThat(memo.of(new Entry("uid=c,ou=Lab,dc=x"))).isEqualTo("ou=lab,dc=x");
    assertThat(memo.of(new Entry("uid=d,ou=Sales\\, EMEA,dc=x")))
        .isEqualTo("ou=sales\\, emea,dc=x");
    assertThat(computed).hasSize(2);
    // Another spelling of the same container: parsed, the same answer.
    assertThat(memo.of(new Entry("UID=e,OU=sales\\2c emea,DC=X")))
        .isEqualTo("ou=sales\\, emea,dc=x");
    assertThat(memo.of(new Entry("uid=f,ou=a+l=Berlin,dc=x")))
        .isEqualTo("l=berlin+ou=a,dc=x"); // normalised: sorted
    assertThat(computed).hasSize(4);
  }

  @Test
  void aQuotedOrUnparsableDnIsParsedEachTimeAndHasTheFallback() {
    List<DN> computed = new ArrayList<>();
    ParentMemo<String> memo =
        new ParentMemo<>(
            p -> {
              computed.add(p);
              return p.toString();
            },
            "none");
    assertThat(memo.of(new Entry("cn=\"Smith, John\",ou=People,dc=x"))).isEqualTo("ou=People,dc=x");
    assertThat(memo.of(new Entry("cn=\"Smith, Jane\",ou=People,dc=x"))).isEqualTo("ou=People,dc=x");
    assertThat(computed).hasSize(2);
    assertThat(memo.of(new Entry("dc=x"))).isEqualTo("none");
    assertThat(memo.of(new Entry("not a dn,ou=People,dc=x"))).isEqualTo("none");
    memo.clear();
    assertThat(memo.of(new Entry("cn=a,ou=People,dc=x"))).isEqualTo("ou=People,dc=x");
  }

  @Test
  void parentsTakenInTurnAreComputedOnceEach() {
    List<DN> computed = new ArrayList<>();
    ParentMemo<String> memo =
        new ParentMemo<>(
            p -> {
              computed.add(p);
              return p.toNormalizedString();
            },
            "none");
    // Users added over time land in containers taken in turn: the entry before never has the same
    // parent.
    for (int i = 0; i < 300; i++) {
      String dept = "ou=Dept " + (i % 50) + ",ou=Region " + (i % 5) + ",dc=x";
      assertThat(memo.of(new Entry("uid=u" + i + "," + dept)))
          .isEqualTo("ou=dept " + (i % 50) + ",ou=region " + (i % 5) + ",dc=x");
    }
    assertThat(computed).hasSize(50);
  }

  @Test
  void parentsOfTheSameLengthAndHashAreToldApart() {
    // "Aa" and "BB" have the same String hash, so these parents take the same slot of the table.
    assertThat(ParentMemo.hash("uid=a,ou=Aa,dc=x", 6))
        .isEqualTo(ParentMemo.hash("uid=b,ou=BB,dc=x", 6));
    assertThat(ParentMemo.hash("uid=a,ou=Aa,dc=x", 6)).isEqualTo("ou=Aa,dc=x".hashCode());
    List<DN> computed = new ArrayList<>();
    ParentMemo<String> memo =
        new ParentMemo<>(
            p -> {
              computed.add(p);
              return p.toString();
            },
            "none");
    for (int i = 0; i < 3; i++) {
      assertThat(memo.of(new Entry("uid=a" + i + ",ou=Aa,dc=x"))).isEqualTo("ou=Aa,dc=x");
      assertThat(memo.of(new Entry("uid=b" + i + ",ou=BB,dc=x"))).isEqualTo("ou=BB,dc=x");
    }
    assertThat(computed).hasSize(2);
    memo.clear();
    assertThat(memo.of(new Entry("uid=b,ou=BB,dc=x"))).isEqualTo("ou=BB,dc=x");
    assertThat(computed).hasSize(3);
  }
}
