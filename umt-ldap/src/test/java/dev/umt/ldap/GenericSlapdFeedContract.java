package dev.umt.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.directory.DirectorySource;
import dev.umt.testkit.ChangeFeedContract;
import dev.umt.testkit.ldap.TestServer;
import java.util.UUID;

/**
 * The change-feed contract's hooks on a generic slapd, written as the administrator under an OU
 * of the test class's own (deleted afterwards). groupOfNames needs a member: a new group names the
 * administrator's DN, as the refint overlay of the feed server does for a group it empties.
 */
abstract class GenericSlapdFeedContract extends ChangeFeedContract {
  static String placeholder;
  static LDAPConnection admin;
  static String parent;
  static LdapDirectorySource source;

  static void open(TestServer s, LdapConfig config) throws LDAPException {
    open(s.connect(), s.baseDn(), s.bindDn(), config);
  }

  /** Opens on any directory: {@code connection} writes, {@code member} fills new groups. */
  static void open(LDAPConnection connection, String baseDn, String member, LdapConfig config) throws LDAPException {
    placeholder = member;
    admin = connection;
    parent = "ou=feeds-" + UUID.randomUUID().toString().substring(0, 8) + "," + baseDn;
    admin.add(new Entry(parent, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "organizationalUnit"),
        new com.unboundid.ldap.sdk.Attribute("ou", new DN(parent).getRDN().getAttributeValues()[0])));
    source = new LdapDirectorySource(config);
  }

  static void close() throws LDAPException {
    if (source != null) {
      source.close();
    }
    if (admin != null) {
      deleteTree(admin, parent);
      admin.close();
    }
  }

  /** Deletes {@code dn} and everything below it, leaves first. */
  static void deleteTree(LDAPConnection c, String dn) throws LDAPException {
    for (var e : c.search(dn, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
      deleteTree(c, e.getDN());
    }
    c.delete(dn);
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
  protected String createContainer(String parentDn, String name) {
    String dn = "ou=" + name + "," + parentDn;
    run(() -> admin.add(new Entry(dn, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "organizationalUnit"),
        new com.unboundid.ldap.sdk.Attribute("ou", name))));
    return dn;
  }

  @Override
  protected String createUser(String containerDn, String login, String email) {
    String dn = "uid=" + login + "," + containerDn;
    run(() -> admin.add(new Entry(dn, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
        new com.unboundid.ldap.sdk.Attribute("uid", login), new com.unboundid.ldap.sdk.Attribute("cn", login),
        new com.unboundid.ldap.sdk.Attribute("sn", login), new com.unboundid.ldap.sdk.Attribute("mail", email))));
    return dn;
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    String dn = "cn=" + name + "," + containerDn;
    run(() -> admin.add(new Entry(dn, new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "groupOfNames"),
        new com.unboundid.ldap.sdk.Attribute("cn", name), new com.unboundid.ldap.sdk.Attribute("member", placeholder))));
    return dn;
  }

  @Override
  protected void addMember(String groupDn, String memberDn) {
    run(() -> admin.modify(groupDn, new Modification(ModificationType.ADD, "member", memberDn)));
  }

  @Override
  protected void removeMember(String groupDn, String memberDn) {
    run(() -> admin.modify(groupDn, new Modification(ModificationType.DELETE, "member", memberDn)));
  }

  @Override
  protected String renameContainer(String dn, String newName) {
    run(() -> admin.modifyDN(dn, "ou=" + newName, true));
    return run(() -> new DN(new RDN("ou", newName), new DN(dn).getParent()).toString());
  }

  @Override
  protected void delete(String dn) {
    run(() -> admin.delete(dn));
  }

  interface LdapCall<T> {
    T call() throws LDAPException;
  }

  static <T> T run(LdapCall<T> call) {
    try {
      return call.call();
    } catch (LDAPException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
