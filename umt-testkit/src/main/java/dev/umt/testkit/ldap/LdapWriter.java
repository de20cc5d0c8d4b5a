package dev.umt.testkit.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Writes the entries a test of a live directory needs (containers, users, groups, members, renames,
 * deletes) through one administrator connection, each failure an {@link AssertionError} naming the
 * server's message; what a flavour adds to every new entry (eDirectory's GUID) is a function given
 * once. The hooks of the change-feed contract on slapd, Samba and the eDirectory-style slapd are
 * written with it. Not thread-safe (one connection).
 *
 * <pre>{@code
 * LdapWriter w = new LdapWriter(server.connect(), UnaryOperator.identity());
 * String unit = w.scratchContainer(server.baseDn(), "feeds");      // ou=feeds-1a2b3c4d,<base>
 * String user = w.add(new Entry("uid=ann," + unit, ...));
 * w.deleteTree(unit);
 * }</pre>
 */
public final class LdapWriter {
  private final LDAPConnection connection;
  private final UnaryOperator<Entry> decorate;

  /**
   * @param connection a connection allowed to add, modify, rename and delete; closed by {@link
   *     #close}
   * @param decorate what every new entry gets before it is added (identity for none)
   */
  public LdapWriter(LDAPConnection connection, UnaryOperator<Entry> decorate) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.decorate = Objects.requireNonNull(decorate, "decorate");
  }

  /** The connection it writes with. */
  public LDAPConnection connection() {
    return connection;
  }

  /** An LDAP call that may fail. */
  @FunctionalInterface
  public interface LdapCall<T> {
    /** Calls the server. */
    T call() throws LDAPException;
  }

  /**
   * The result of {@code call}; an {@link LDAPException} becomes an {@link AssertionError} with its
   * message.
   */
  public static <T> T run(LdapCall<T> call) {
    try {
      return call.call();
    } catch (LDAPException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  /** Adds {@code e} (decorated); returns its DN. */
  public String add(Entry e) {
    Entry decorated = decorate.apply(e.duplicate());
    run(() -> connection.add(decorated));
    return e.getDN();
  }

  /** Adds the organizational unit {@code ou=<name>} under {@code parentDn}; returns its DN. */
  public String container(String parentDn, String name) {
    return add(
        new Entry(
            "ou=" + name + "," + parentDn,
            new Attribute("objectClass", "top", "organizationalUnit"),
            new Attribute("ou", name)));
  }

  /**
   * Adds an OU {@code <prefix>-<8 random hex digits>} under {@code parentDn}, for one test class
   * alone; returns its DN.
   */
  public String scratchContainer(String parentDn, String prefix) {
    return container(parentDn, prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Adds {@code value} to the attribute {@code attribute} of {@code dn}. */
  public void addValue(String dn, String attribute, String value) {
    run(() -> connection.modify(dn, new Modification(ModificationType.ADD, attribute, value)));
  }

  /** Removes {@code value} from the attribute {@code attribute} of {@code dn}. */
  public void removeValue(String dn, String attribute, String value) {
    run(() -> connection.modify(dn, new Modification(ModificationType.DELETE, attribute, value)));
  }

  /**
   * Renames the entry {@code dn} in place to {@code <its naming attribute>=<newName>}; returns its
   * new DN.
   */
  public String rename(String dn, String newName) {
    String attribute = run(() -> new DN(dn).getRDN().getAttributeNames()[0]);
    run(() -> connection.modifyDN(dn, new RDN(attribute, newName).toString(), true));
    return run(() -> new DN(new RDN(attribute, newName), new DN(dn).getParent()).toString());
  }

  /** Deletes the leaf entry {@code dn}. */
  public void delete(String dn) {
    run(() -> connection.delete(dn));
  }

  /** Deletes {@code dn} and everything below it, leaves first. */
  public void deleteTree(String dn) {
    for (var e :
        run(() -> connection.search(dn, SearchScope.ONE, "(objectClass=*)", "1.1"))
            .getSearchEntries()) {
      deleteTree(e.getDN());
    }
    delete(dn);
  }

  /** Closes the connection. */
  public void close() {
    connection.close();
  }
}
