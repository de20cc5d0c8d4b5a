package dev.umt.ldap.ad;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.directory.DirectorySource;
import dev.umt.testkit.ldap.LdapChangeFeedContract;
import dev.umt.testkit.ldap.LdapWriter;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.util.function.UnaryOperator;

/**
 * The change-feed contract's hooks on Samba's AD DC, written as the Administrator over LDAPS under
 * an OU of the test class's own (deleted afterwards), with the test kit's {@link LdapWriter}. Users
 * are made enabled without a password ({@code userAccountControl} 544: normal account, password not
 * required).
 */
abstract class SambaFeedContract extends LdapChangeFeedContract {
  static TestServer samba;
  static LDAPConnection admin;
  static LdapWriter writer;
  static String parent;
  static ActiveDirectorySource source;

  static void open() throws LDAPException {
    samba = TestServers.samba();
    admin = samba.connectLdaps(samba.bindDn(), samba.password());
    writer = new LdapWriter(admin, UnaryOperator.identity());
    parent = writer.scratchContainer(samba.baseDn(), "feeds");
  }

  static void close() throws LDAPException {
    if (source != null) {
      source.close();
    }
    if (writer != null) {
      writer.deleteTree(parent);
      writer.close();
    }
  }

  /** Deletes {@code dn} and everything below it, leaves first, through {@code c}. */
  static void deleteTree(LDAPConnection c, String dn) {
    new LdapWriter(c, UnaryOperator.identity()).deleteTree(dn);
  }

  @Override
  protected LdapWriter writer() {
    return writer;
  }

  @Override
  protected DirectorySource source() {
    return source;
  }

  @Override
  protected String parentDn() {
    return parent;
  }

  @Override
  protected String createUser(String containerDn, String login, String email) {
    return writer.add(
        new Entry(
            "CN=" + login + "," + containerDn,
            new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
            new Attribute("sAMAccountName", login),
            new Attribute("mail", email),
            new Attribute("userAccountControl", "544")));
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    return writer.add(
        new Entry(
            "CN=" + name + "," + containerDn,
            new Attribute("objectClass", "top", "group"),
            new Attribute("sAMAccountName", name),
            new Attribute("groupType", "-2147483646")));
  }
}
