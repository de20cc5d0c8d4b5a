package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import dev.umt.ConfigurationException;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectorySource;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider is found by type and reports bad settings by origin; the dialect's rules on their
 * own.
 */
class ActiveDirectoryProviderTest {

  @Test
  void foundThroughServiceLoaderAndConfiguredFromSettings() {
    Providers providers = Providers.load(getClass().getClassLoader());
    assertThat(providers.directorySourceTypes()).contains("active-directory", "ldap");
    try (DirectorySource s =
        providers
            .directorySource("active-directory")
            .create(
                Settings.of(
                    "ad.properties",
                    Map.of(
                        "servers",
                        "dc1.example.test:636",
                        "security",
                        "ldaps",
                        "bindUser",
                        "svc@example.test",
                        "bindPassword",
                        "x")))) {
      assertThat(s).isInstanceOf(ActiveDirectorySource.class);
    }
    assertThatThrownBy(
            () ->
                providers
                    .directorySource("active-directory")
                    .create(
                        Settings.of(
                            "ad.properties",
                            Map.of(
                                "servers",
                                "dc1",
                                "security",
                                "none",
                                "bindUser",
                                "EXAMPLE\\svc",
                                "bindPassword",
                                "x"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "ad.properties: a simple bind as EXAMPLE\\svc over unencrypted LDAP would send the"
                + " password in clear");
  }

  @Test
  void detailedLoggingIsAcceptedAndOffByDefault() {
    Map<String, String> settings =
        Map.of("servers", "h1:636", "security", "ldaps", "detailedLogging", "true");
    try (DirectorySource s =
        Providers.load(getClass().getClassLoader())
            .directorySource("active-directory")
            .create(Settings.of("ad.properties", settings))) {
      assertThat(s).isInstanceOf(ActiveDirectorySource.class);
    }
    assertThat(
            dev.umt.ldap.LdapDirectorySourceProvider.build(Settings.of("ad.properties", settings))
                .detailedLogging())
        .isTrue();
    assertThat(
            dev.umt.ldap.LdapDirectorySourceProvider.build(
                    Settings.of("ad.properties", Map.of("servers", "h1")))
                .detailedLogging())
        .isFalse();
  }

  @Test
  void theDisabledBitAndAccountExpiresDecide() {
    ActiveDirectoryDialect ad = new ActiveDirectoryDialect();
    Instant now = Instant.parse("2026-11-21T00:00:00Z");
    assertThat(ad.enabled(user("512", "9223372036854775807"), now)).isTrue();
    assertThat(ad.enabled(user("512", "0"), now)).isTrue();
    assertThat(ad.enabled(user("514", "0"), now)).isFalse();
    assertThat(ad.enabled(user("66050", null), now))
        .as("0x10202: disabled, password never expires")
        .isFalse();
    // 2020-01-01 and 2099-12-31 as FILETIME
    assertThat(ad.enabled(user("512", "132223104000000000"), now)).isFalse();
    assertThat(ad.enabled(user("512", "159948288000000000"), now)).isTrue();
  }

  @Test
  void objectGuidIsSearchedInItsEscapedBinaryForm() {
    Filter f =
        new ActiveDirectoryDialect()
            .idFilter("{12345678-1234-5678-9abc-def012345678}")
            .orElseThrow();
    assertThat(f.getAttributeName()).isEqualTo("objectGUID");
    assertThat(f.getAssertionValueBytes())
        .containsExactly(
            0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34,
            0x56, 0x78);
    assertThat(f.toString()).startsWith("(objectGUID=").contains("\\9a\\bc\\de\\f0");
    assertThat(new ActiveDirectoryDialect().idFilter("not a guid")).isEmpty();
  }

  @Test
  void groupTypeSaysSecurityOrDistribution() {
    ActiveDirectoryDialect ad = new ActiveDirectoryDialect();
    Entry security =
        new Entry("CN=g,DC=x", new com.unboundid.ldap.sdk.Attribute("groupType", "-2147483646"));
    Entry distribution =
        new Entry("CN=g,DC=x", new com.unboundid.ldap.sdk.Attribute("groupType", "2"));
    assertThat(ad.groupKind(security)).isEqualTo(DirectoryGroup.Kind.SECURITY);
    assertThat(ad.groupKind(distribution)).isEqualTo(DirectoryGroup.Kind.DISTRIBUTION);
  }

  private static Entry user(String control, String expires) {
    Entry e = new Entry("CN=u,DC=x");
    e.addAttribute("userAccountControl", control);
    if (expires != null) {
      e.addAttribute("accountExpires", expires);
    }
    return e;
  }
}
