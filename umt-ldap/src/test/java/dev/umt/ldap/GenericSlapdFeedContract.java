package dev.umt.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.directory.DirectorySource;
import dev.umt.testkit.ldap.LdapChangeFeedContract;
import dev.umt.testkit.ldap.LdapWriter;
import dev.umt.testkit.ldap.TestServer;
import java.util.function.UnaryOperator;

/**
 * The change-feed contract's hooks on a generic slapd, written as the administrator under an OU of
 * the test class's own (deleted afterwards). groupOfNames needs a member: a new group names the
 * administrator's DN, as the refint overlay of the feed server does for a group it empties.
 */
abstract class GenericSlapdFeedContract extends LdapChangeFeedContract {
  static String placeholder;
  static LdapWriter writer;
  static LDAPConnection admin;
  static String parent;
  static LdapDirectorySource source;

  static void open(TestServer s, LdapConfig config) throws LDAPException {
    open(s.connect(), s.baseDn(), s.bindDn(), config);
  }

  /** Opens on any directory: {@code connection} writes, {@code member} fills new groups. */
  static void open(LDAPConnection connection, String baseDn, String member, LdapConfig config)
      throws LDAPException {
    placeholder = member;
    admin = connection;
    writer = new LdapWriter(connection, UnaryOperator.identity());
    parent = writer.scratchContainer(baseDn, "feeds");
    source = new LdapDirectorySource(config);
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
            "uid=" + login + "," + containerDn,
            new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
            new Attribute("uid", login),
            new Attribute("cn", login),
            new Attribute("sn", login),
            new Attribute("mail", email)));
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    return writer.add(
        new Entry(
            "cn=" + name + "," + containerDn,
            new Attribute("objectClass", "top", "groupOfNames"),
            new Attribute("cn", name),
            new Attribute("member", placeholder)));
  }

  static <T> T run(LdapWriter.LdapCall<T> call) {
    return LdapWriter.run(call);
  }
}
