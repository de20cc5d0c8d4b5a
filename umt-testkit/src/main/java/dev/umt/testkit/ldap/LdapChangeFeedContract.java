package dev.umt.testkit.ldap;

import dev.umt.testkit.ChangeFeedContract;

/**
 * The change-feed contract on a live LDAP server: the hooks every LDAP flavour writes the same way
 * (an OU, a {@code member} value added or removed, a rename in place, a delete) go through {@link
 * #writer()}; a flavour gives its users and groups, and may keep membership on both sides by
 * overriding {@link #addMember}/{@link #removeMember}. Same threading as the contract: one test at
 * a time.
 *
 * <pre>{@code
 * class SlapdFeedTest extends LdapChangeFeedContract {
 *   protected LdapWriter writer() { return writer; }
 *   protected String createUser(String containerDn, String login, String email) {
 *     return writer.add(new Entry("uid=" + login + "," + containerDn, ...));
 *   }
 *   ...
 * }
 * }</pre>
 */
public abstract class LdapChangeFeedContract extends ChangeFeedContract {

  /** Writes the test's entries as an administrator; the same instance every call. */
  protected abstract LdapWriter writer();

  @Override
  protected String createContainer(String parentDn, String name) {
    return writer().container(parentDn, name);
  }

  @Override
  protected void addMember(String groupDn, String memberDn) {
    writer().addValue(groupDn, "member", memberDn);
  }

  @Override
  protected void removeMember(String groupDn, String memberDn) {
    writer().removeValue(groupDn, "member", memberDn);
  }

  @Override
  protected String renameContainer(String dn, String newName) {
    return writer().rename(dn, newName);
  }

  @Override
  protected void delete(String dn) {
    writer().delete(dn);
  }
}
