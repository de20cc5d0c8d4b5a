package dev.umt.ldap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Entry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The generic dialect looks attributes up by lower-case names: any spelling the server sends. */
class GenericDialectTest {
  private final GenericDialect dialect = new GenericDialect();
  private final Instant now = Instant.parse("2026-12-01T12:00:00Z");

  private static Entry user(String... attributeLines) {
    Entry e = new Entry("uid=ann,ou=People,dc=example,dc=test");
    for (String line : attributeLines) {
      int colon = line.indexOf(':');
      e.addAttribute(line.substring(0, colon), line.substring(colon + 1).trim());
    }
    return e;
  }

  @Test
  void theIdIsFoundWhateverTheCaseOfItsNameAndIsLowerCased() {
    assertThat(dialect.idOf(user("ENTRYUUID: 6F1C3A4E-0000-4000-8000-00000000000A")))
        .isEqualTo("6f1c3a4e-0000-4000-8000-00000000000a");
    assertThat(dialect.idOf(user("nsUniqueId: 66446001-1DD211B2-80E3E5A2-EE46CF09")))
        .isEqualTo("66446001-1dd211b2-80e3e5a2-ee46cf09");
    assertThat(dialect.idOf(user("entryUUID:  ", "cn: x"))).isNull();
  }

  @Test
  void lockAndExpiryAreFoundWhateverTheCaseOfTheirNames() {
    assertThat(dialect.enabled(user("cn: ann"), now)).isTrue();
    assertThat(dialect.enabled(user("PwdAccountLockedTime: 000001010000Z"), now)).isFalse();
    assertThat(dialect.enabled(user("NSACCOUNTLOCK: True"), now)).isFalse();
    assertThat(dialect.enabled(user("nsAccountLock: false"), now)).isTrue();
    assertThat(dialect.enabled(user("PWDENDTIME: 20261130120000Z"), now)).isFalse();
    assertThat(dialect.enabled(user("pwdEndTime: 20261202120000Z"), now)).isTrue();
  }
}
