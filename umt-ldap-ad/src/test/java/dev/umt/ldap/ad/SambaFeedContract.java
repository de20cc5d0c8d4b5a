package dev.umt.ldap.ad;

import com.unboundid.ldap.sdk.Attribute;
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
import dev.umt.testkit.ldap.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The change-feed contract's hooks on Samba's AD DC, written as the Administrator over LDAPS under
 * an OU of the test class's own (deleted afterwards). Users are made enabled without a password
 * ({@code userAccountControl} 544: normal account, password not required).
 */
abstract class SambaFeedContract extends ChangeFeedContract {
  static TestServer samba;
  static LDAPConnection admin;
  static String parent;
  static ActiveDirectorySource source;

  static void open() throws LDAPException {
    samba = TestServers.samba();
    admin = samba.connectLdaps(samba.bindDn(), samba.password());
    parent = "OU=feeds-" + UUID.randomUUID().toString().substring(0, 8) + "," + samba.baseDn();
    admin.add(new Entry(parent, new Attribute("objectClass", "top", "organizationalUnit")));
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

  /** Creates an enabled user with {@code password} (LDAPS: unicodePwd) under {@code containerDn}. */
  static String userWithPassword(String containerDn, String login, String password) throws LDAPException {
    String dn = "CN=" + login + "," + containerDn;
    admin.add(new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
        new Attribute("sAMAccountName", login),
        new Attribute("unicodePwd", ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE)),
        new Attribute("userAccountControl", "512")));
    return dn;
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
    String dn = "OU=" + name + "," + parentDn;
    run(() -> admin.add(new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit"))));
    return dn;
  }

  @Override
  protected String createUser(String containerDn, String login, String email) {
    String dn = "CN=" + login + "," + containerDn;
    run(() -> admin.add(new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
        new Attribute("sAMAccountName", login), new Attribute("mail", email), new Attribute("userAccountControl", "544"))));
    return dn;
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    String dn = "CN=" + name + "," + containerDn;
    run(() -> admin.add(new Entry(dn, new Attribute("objectClass", "top", "group"), new Attribute("sAMAccountName", name),
        new Attribute("groupType", "-2147483646"))));
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
    run(() -> admin.modifyDN(dn, "OU=" + newName, true));
    return run(() -> new DN(new RDN("OU", newName), new DN(dn).getParent()).toString());
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
