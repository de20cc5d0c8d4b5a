package dev.umt.edirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.ConfigurationException;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.spi.Guids;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider is found by type with the eDirectory bind modes; the dialect's rules on their own.
 */
class EDirectoryProviderTest {

  @Test
  void foundThroughServiceLoaderWithEachBindMode() {
    Providers providers = Providers.load(getClass().getClassLoader());
    for (Map<String, String> settings :
        java.util.List.of(
            Map.of("servers", "edir1:636", "security", "ldaps", "bind", "anonymous"),
            Map.of(
                "servers",
                "edir1:636",
                "security",
                "ldaps",
                "bind",
                "client-certificate",
                "keyStore",
                "/etc/umt/umt.p12",
                "keyStorePassword",
                "x"),
            Map.of(
                "servers",
                "edir1:636",
                "security",
                "ldaps",
                "bindUser",
                "cn=umt,o=example",
                "bindPassword",
                "x"))) {
      try (DirectorySource s =
          providers
              .directorySource("edirectory")
              .create(Settings.of("edir.properties", settings))) {
        assertThat(s).isInstanceOf(EDirectorySource.class);
      }
    }
    assertThatThrownBy(
            () ->
                providers
                    .directorySource("edirectory")
                    .create(
                        Settings.of(
                            "edir.properties",
                            Map.of(
                                "servers",
                                "edir1",
                                "security",
                                "none",
                                "bind",
                                "client-certificate",
                                "keyStore",
                                "k.p12"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "edir.properties: a client-certificate (SASL EXTERNAL) bind needs security STARTTLS or"
                + " LDAPS");
  }

  @Test
  void detailedLoggingIsAcceptedAndOffByDefault() {
    Map<String, String> settings =
        Map.of("servers", "h1:636", "security", "ldaps", "detailedLogging", "true");
    try (DirectorySource s =
        Providers.load(getClass().getClassLoader())
            .directorySource("edirectory")
            .create(Settings.of("edir.properties", settings))) {
      assertThat(s).isInstanceOf(EDirectorySource.class);
    }
    assertThat(
            dev.umt.ldap.LdapDirectorySourceProvider.build(Settings.of("edir.properties", settings))
                .detailedLogging())
        .isTrue();
    assertThat(
            dev.umt.ldap.LdapDirectorySourceProvider.build(
                    Settings.of("edir.properties", Map.of("servers", "h1")))
                .detailedLogging())
        .isFalse();
  }

  @Test
  void loginDisabledAndLoginExpirationTimeDecide() {
    EDirectoryDialect edir = new EDirectoryDialect();
    Instant now = Instant.parse("2026-11-21T00:00:00Z");
    assertThat(edir.enabled(new Entry("cn=u,o=x"), now)).isTrue();
    assertThat(edir.enabled(new Entry("cn=u,o=x", new Attribute("loginDisabled", "TRUE")), now))
        .isFalse();
    assertThat(edir.enabled(new Entry("cn=u,o=x", new Attribute("loginDisabled", "FALSE")), now))
        .isTrue();
    assertThat(
            edir.enabled(
                new Entry("cn=u,o=x", new Attribute("loginExpirationTime", "20200101000000Z")),
                now))
        .isFalse();
    assertThat(
            edir.enabled(
                new Entry("cn=u,o=x", new Attribute("loginExpirationTime", "20991231000000Z")),
                now))
        .isTrue();
  }

  @Test
  void theGuidIsReadAndSearchedInNetworkOrder() {
    EDirectoryDialect edir = new EDirectoryDialect();
    String id = "12345678-1234-5678-9abc-def012345678";
    assertThat(edir.idOf(new Entry("cn=u,o=x", new Attribute("GUID", Guids.toBigEndianBytes(id)))))
        .isEqualTo(id);
    assertThat(edir.idFilter(id).orElseThrow().getAssertionValueBytes())
        .containsExactly(Guids.toBigEndianBytes(id));
    assertThat(edir.idFilter("cn=not-an-id")).isEmpty();
  }
}
