package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Providers;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.spi.Guids;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration is validated without I/O, with errors that name the setting and its origin. */
class LdapConfigTest {

  @Test
  void defaultsAreSafe() {
    LdapConfig c = LdapConfig.builder().server("dc1.example.com", -1).build();
    assertThat(c.security()).isEqualTo(LdapConfig.Security.STARTTLS);
    assertThat(c.servers()).containsExactly(new LdapConfig.Server("dc1.example.com", 389));
    assertThat(c.bind()).isEqualTo(Bind.anonymous());
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.trustAllCertificatesInsecurely()).isFalse();
    assertThat(c.allowSimpleBindWithoutEncryption()).isFalse();
    assertThat(c.poolSize()).isEqualTo(4);
    assertThat(c.pageSize()).isEqualTo(500);
    assertThat(
            LdapConfig.builder()
                .server("dc1", -1)
                .security(LdapConfig.Security.LDAPS)
                .build()
                .servers()
                .get(0)
                .port())
        .isEqualTo(636);
  }

  @Test
  void aSimpleBindOverPlainLdapIsRefusedUnlessAllowed() {
    LdapConfig.Builder b =
        LdapConfig.builder()
            .server("dc1.example.com", 389)
            .security(LdapConfig.Security.NONE)
            .bind(Bind.simple("svc@example.com", Secret.of("pw")));
    assertThatThrownBy(b::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "a simple bind as svc@example.com over unencrypted LDAP would send the password in"
                + " clear: use security STARTTLS or LDAPS, or set"
                + " allowSimpleBindWithoutEncryption");
    assertThat(b.allowSimpleBindWithoutEncryption(true).build().allowSimpleBindWithoutEncryption())
        .isTrue();
  }

  @Test
  void invalidValuesAreNamed() {
    assertThatThrownBy(() -> LdapConfig.builder().build()).hasMessage("no LDAP server given");
    assertThatThrownBy(() -> LdapConfig.builder().server("h", 70000))
        .hasMessage("LDAP server h: port 70000 is not between 1 and 65535");
    assertThatThrownBy(
            () -> LdapConfig.builder().server("h", 1).baseDn("dc=example,,dc=test").build())
        .hasMessage("baseDn 'dc=example,,dc=test' is not a valid DN");
    assertThatThrownBy(
            () -> LdapConfig.builder().server("h", 1).extraUserFilter("(title=x").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("user filter '(title=x' is not a valid LDAP filter: ");
    assertThatThrownBy(
            () ->
                LdapConfig.builder()
                    .server("h", 1)
                    .trustAllCertificatesInsecurely(true)
                    .trustStore(Path.of("ca.p12"), Secret.of("x"))
                    .build())
        .hasMessage(
            "give either a trust store (ca.p12) or trustAllCertificatesInsecurely, not both");
    assertThatThrownBy(
            () ->
                LdapConfig.builder()
                    .server("h", 1)
                    .security(LdapConfig.Security.NONE)
                    .bind(Bind.clientCertificate(Path.of("c.p12"), Secret.of("x")))
                    .build())
        .hasMessage("a client-certificate (SASL EXTERNAL) bind needs security STARTTLS or LDAPS");
    assertThatThrownBy(
            () -> LdapConfig.builder().server("h", 1).responseTimeout(Duration.ZERO).build())
        .hasMessage("responseTimeout must be a positive duration, not PT0S");
    assertThatThrownBy(() -> LdapConfig.builder().server("h", 1).mapAttribute("shoeSize", "x"))
        .hasMessageStartingWith("cannot map unknown user field 'shoeSize'");
  }

  @Test
  void readsSettings() {
    LdapConfig c =
        LdapConfig.builder(
                Settings.of(
                    "ldap.properties",
                    Map.ofEntries(
                        Map.entry("servers", "dc1.example.com:636, dc2.example.com"),
                        Map.entry("security", "ldaps"),
                        Map.entry("bindUser", "EXAMPLE\\svc-umt"),
                        Map.entry("bindPassword", "pw"),
                        Map.entry("baseDn", "DC=example,DC=com"),
                        Map.entry("pageSize", "250"),
                        Map.entry("responseTimeout", "PT45S"),
                        Map.entry("map.department", "physicalDeliveryOfficeName"),
                        Map.entry("extraAttributes", "employeeID, manager"),
                        Map.entry("groupExpansion", "member-list"),
                        Map.entry("userFilter", "(!(title=Contractor))"))))
            .build();
    assertThat(c.servers())
        .containsExactly(
            new LdapConfig.Server("dc1.example.com", 636),
            new LdapConfig.Server("dc2.example.com", 636));
    assertThat(c.bind()).isEqualTo(Bind.simple("EXAMPLE\\svc-umt", Secret.of("pw")));
    assertThat(c.pageSize()).isEqualTo(250);
    assertThat(c.responseTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.attributeMapping())
        .containsEntry("department", List.of("physicalDeliveryOfficeName"));
    assertThat(c.extraAttributes()).containsExactly("employeeID", "manager");
    assertThat(c.groupExpansion()).isEqualTo(LdapConfig.GroupExpansion.MEMBER_LIST);
    assertThat(c.extraUserFilter()).contains("(!(title=Contractor))");
    assertThat(c.toString()).doesNotContain("pw");
  }

  @Test
  void readsKerberosSettings() {
    assertThat(
            LdapConfig.builder(
                    Settings.of(
                        "ldap.properties",
                        Map.of("servers", "dc1.example.com", "bind", "kerberos")))
                .build()
                .bind())
        .isEqualTo(Bind.kerberos())
        .isEqualTo(new Bind.Kerberos(null, null));
    Bind bind =
        LdapConfig.builder(
                Settings.of(
                    "ldap.properties",
                    Map.of(
                        "servers",
                        "10.0.0.5",
                        "bind",
                        "kerberos",
                        "ticketCache",
                        "/var/lib/umt/krb5cc",
                        "kerberosServerName",
                        "dc1.example.com")))
            .build()
            .bind();
    assertThat(bind)
        .isEqualTo(
            Bind.kerberos()
                .withTicketCache(Path.of("/var/lib/umt/krb5cc"))
                .withServerName("dc1.example.com"));
    assertThat(bind.describe()).isEqualTo("the Kerberos login in ticket cache /var/lib/umt/krb5cc");
    assertThat(Bind.kerberos().describe()).isEqualTo("the current Kerberos login");
    assertThatThrownBy(() -> Bind.kerberos().withServerName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Kerberos server name is blank (leave it out to use the host connected to)");
  }

  @Test
  void settingErrorsNameTheSettingAndOrigin() {
    assertThatThrownBy(
            () ->
                LdapConfig.builder(
                    Settings.of("ldap.properties", Map.of("servers", "h", "sever", "x"))))
        .hasMessageStartingWith("ldap.properties: unknown setting 'sever'; known settings are ");
    assertThatThrownBy(
            () -> LdapConfig.builder(Settings.of("ldap.properties", Map.of("baseDn", "dc=x"))))
        .hasMessage("ldap.properties: setting 'servers' is required");
    assertThatThrownBy(
            () ->
                LdapConfig.builder(
                    Settings.of("ldap.properties", Map.of("servers", "h", "security", "ssl"))))
        .hasMessage(
            "ldap.properties: setting 'security' must be one of none, starttls, ldaps, not 'ssl'");
    assertThatThrownBy(
            () -> LdapConfig.builder(Settings.of("ldap.properties", Map.of("servers", "h:x"))))
        .hasMessage(
            "ldap.properties: setting 'servers': 'h:x' is not host or host:port with a port from 1"
                + " to 65535");
    assertThatThrownBy(
            () ->
                LdapConfig.builder(
                    Settings.of("ldap.properties", Map.of("servers", "h", "bindUser", "u"))))
        .hasMessage("ldap.properties: setting 'bindPassword' is required for a simple bind");
    assertThatThrownBy(
            () ->
                new LdapDirectorySourceProvider()
                    .create(
                        Settings.of(
                            "ldap.properties",
                            Map.of(
                                "servers",
                                "h",
                                "security",
                                "none",
                                "bindUser",
                                "u",
                                "bindPassword",
                                "p"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("ldap.properties: a simple bind as u over unencrypted LDAP");
  }

  @Test
  void aPortOutsideOneTo65535IsRefusedNamingTheSettingNeverTheDefaultPort() {
    for (String value :
        List.of("dc1:-1", "dc1:0", "dc1:65536", "dc1:ldaps", "dc1:", ":389", "dc1:+389")) {
      assertThatThrownBy(
              () ->
                  LdapConfig.builder(
                      Settings.of("ldap.properties", Map.of("servers", "dc0:636," + value))))
          .as(value)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "ldap.properties: setting 'servers': '"
                  + value
                  + "' is not host or host:port with a port from 1 to 65535");
    }
    assertThat(
            LdapConfig.builder(Settings.of("ldap.properties", Map.of("servers", "dc1:1,dc2:65535")))
                .build()
                .servers())
        .containsExactly(new LdapConfig.Server("dc1", 1), new LdapConfig.Server("dc2", 65535));
  }

  @Test
  void anAnonymousBindWithCredentialsIsRefused() {
    assertThatThrownBy(
            () ->
                LdapConfig.builder(
                    Settings.of(
                        "ldap.properties",
                        Map.of("servers", "h", "bind", "anonymous", "bindPassword", "secret-pw"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "ldap.properties: setting 'bind' is anonymous, which sends no credentials, but"
                + " 'bindPassword' is set: remove it, or use bind=simple");
    assertThatThrownBy(
            () ->
                LdapConfig.builder(
                    Settings.of(
                        "ldap.properties",
                        Map.of("servers", "h", "bind", "Anonymous", "bindUser", "cn=u"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "ldap.properties: setting 'bind' is anonymous, which sends no credentials, but"
                + " 'bindUser' is set: remove it, or use bind=simple");
    assertThat(
            LdapConfig.builder(
                    Settings.of("ldap.properties", Map.of("servers", "h", "bind", "anonymous")))
                .build()
                .bind())
        .isEqualTo(Bind.anonymous());
  }

  @Test
  void detailedLoggingIsASettingOffByDefault() {
    assertThat(
            LdapConfig.builder(Settings.of("t", Map.of("servers", "h"))).build().detailedLogging())
        .isFalse();
    assertThat(
            LdapConfig.builder(Settings.of("t", Map.of("servers", "h", "detailedLogging", "true")))
                .build()
                .detailedLogging())
        .isTrue();
  }

  @Test
  void theProviderIsFoundThroughServiceLoader() {
    Providers providers = Providers.load(getClass().getClassLoader());
    try (DirectorySource s =
        providers
            .directorySource("ldap")
            .create(Settings.of("test", Map.of("servers", "127.0.0.1:1")))) {
      assertThat(s).isInstanceOf(LdapDirectorySource.class);
    }
  }

  @Test
  void guidsConvertBothWays() {
    byte[] ad = {
      0x78,
      0x56,
      0x34,
      0x12,
      0x34,
      0x12,
      0x78,
      0x56,
      (byte) 0x9a,
      (byte) 0xbc,
      (byte) 0xde,
      (byte) 0xf0,
      0x12,
      0x34,
      0x56,
      0x78
    };
    assertThat(Guids.fromMicrosoftBytes(ad)).isEqualTo("12345678-1234-5678-9abc-def012345678");
    assertThat(Guids.toMicrosoftBytes("12345678-1234-5678-9ABC-DEF012345678")).containsExactly(ad);
    assertThat(
            Guids.fromBigEndianBytes(
                Guids.toBigEndianBytes("12345678-1234-5678-9abc-def012345678")))
        .isEqualTo("12345678-1234-5678-9abc-def012345678");
    assertThat(Guids.isGuid("not-a-guid")).isFalse();
    assertThat(Guids.canonical(" {12345678-1234-5678-9abc-def012345678} "))
        .contains("12345678-1234-5678-9abc-def012345678");
    assertThat(Guids.canonical("{not-a-guid}")).isEmpty();
    assertThat(Guids.toMicrosoftBytes("{12345678-1234-5678-9ABC-DEF012345678}"))
        .containsExactly(ad);
  }
}
