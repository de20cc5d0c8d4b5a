package dev.umt.edirectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.ChangeFeedContract;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The eDirectory source's timestamp feed passes the change-feed contract on the eDirectory-schema
 * slapd, logged in with the client certificate as its other tests are; the entries are written as
 * eDirectory would hold them (a GUID on each, groupMembership kept on the member beside the
 * group's member). A timestamp feed cannot see deletions: the contract's delete test is skipped
 * ({@link #seesDeletions()}) and {@link #aDeleteIsNotSeenButTheChangesAroundItAre} shows the blind spot.
 */
class SlapdEDirectoryTimestampFeedTest extends ChangeFeedContract {
  private static TestServer edir;
  private static LDAPConnection admin;
  private static String parent;
  private static EDirectorySource source;

  /** A timestamp feed cannot see deletions (TimestampFeed's javadoc); {@code aDeleteIsNotSeenButTheChangesAroundItAre} shows the blind spot. */
  @Override
  protected boolean seesDeletions() {
    return false;
  }

  @BeforeAll
  static void start() throws Exception {
    edir = TestServers.edirectory();
    admin = edir.connect();
    parent = "ou=feeds-" + UUID.randomUUID().toString().substring(0, 8) + "," + edir.baseDn();
    admin.add(withGuid(new Entry(parent, new Attribute("objectClass", "top", "organizationalUnit"),
        new Attribute("ou", parent.substring(3, parent.indexOf(','))))));
    source = new EDirectorySource(LdapConfig.builder().server(edir.host(), edir.ldapsPort())
        .security(LdapConfig.Security.LDAPS).trustStore(edir.trustStore(), edir.trustStorePassword())
        .bind(Bind.clientCertificate(edir.clientKeyStore(), edir.clientKeyStorePassword()))
        .baseDn(edir.baseDn()).responseTimeout(Duration.ofSeconds(30)).build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (admin != null) {
      deleteTree(admin, parent);
      admin.close();
    }
  }

  private static void deleteTree(LDAPConnection c, String dn) throws LDAPException {
    for (var e : c.search(dn, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
      deleteTree(c, e.getDN());
    }
    c.delete(dn);
  }

  /** eDirectory's GUID (16 bytes, network order) and the test schema's auxiliary class that allows it. */
  private static Entry withGuid(Entry e) {
    UUID id = UUID.randomUUID();
    e.addAttribute("objectClass", "umtEdirectoryEntry");
    e.addAttribute(new Attribute("GUID", ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array()));
    return e;
  }

  interface LdapCall<T> {
    T call() throws LDAPException;
  }

  private static <T> T run(LdapCall<T> call) {
    try {
      return call.call();
    } catch (LDAPException e) {
      throw new AssertionError(e.getMessage(), e);
    }
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
    run(() -> admin.add(withGuid(new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", name)))));
    return dn;
  }

  @Override
  protected String createUser(String containerDn, String login, String email) {
    String dn = "cn=" + login + "," + containerDn;
    run(() -> admin.add(withGuid(new Entry(dn, new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson",
        "ndsLoginProperties"), new Attribute("cn", login), new Attribute("sn", login), new Attribute("uid", login),
        new Attribute("mail", email)))));
    return dn;
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    String dn = "cn=" + name + "," + containerDn;
    run(() -> admin.add(withGuid(new Entry(dn, new Attribute("objectClass", "top", "groupOfNames"), new Attribute("cn", name),
        new Attribute("member", edir.bindDn())))));
    return dn;
  }

  @Override
  protected void addMember(String groupDn, String memberDn) {
    run(() -> admin.modify(groupDn, new Modification(ModificationType.ADD, "member", memberDn)));
    run(() -> admin.modify(memberDn, new Modification(ModificationType.ADD, "groupMembership", groupDn)));
  }

  @Override
  protected void removeMember(String groupDn, String memberDn) {
    run(() -> admin.modify(groupDn, new Modification(ModificationType.DELETE, "member", memberDn)));
    run(() -> admin.modify(memberDn, new Modification(ModificationType.DELETE, "groupMembership", groupDn)));
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

  @Test
  void eDirectoryGetsTheTimestampFeed() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("timestamp");
  }

  @Test
  void aDeleteIsNotSeenButTheChangesAroundItAre() {
    String unit = createContainer(parent, "ts-delete");
    String gone = createUser(unit, "ts-gone", "ts-gone@feed.example.test");
    String token = source.changeFeed().orElseThrow().currentToken();
    delete(gone);
    String kept = createUser(unit, "ts-kept", "ts-kept@feed.example.test");
    List<DirectoryChange> changes = changesSince(token);
    assertThat(changes).noneMatch(c -> c instanceof DirectoryChange.UserDeleted);
    assertThat(changes).filteredOn(c -> c instanceof DirectoryChange.UserChanged)
        .extracting(c -> ((DirectoryChange.UserChanged) c).user().loginName()).containsExactly("ts-kept");
    delete(kept);
    delete(unit);
  }
}
