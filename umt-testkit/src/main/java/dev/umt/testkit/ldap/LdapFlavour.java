package dev.umt.testkit.ldap;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The dialect a directory speaks: which attributes carry a user's id, names, state and groups. The
 * test kit loads {@link dev.umt.testkit.Organisation} in each flavour; see {@link OrganisationLdif}
 * for the attributes of each.
 */
public enum LdapFlavour {
  /** Active Directory: objectGUID, sAMAccountName, userAccountControl, accountExpires, memberOf. */
  ACTIVE_DIRECTORY("active-directory"),
  /** eDirectory: GUID, uid, fullName, loginDisabled, loginExpirationTime, groupMembership. */
  EDIRECTORY("edirectory"),
  /**
   * Generic LDAPv3 (OpenLDAP and the like): entryUUID, uid, pwdAccountLockedTime, pwdEndTime,
   * memberOf.
   */
  GENERIC("generic");

  private final String id;

  LdapFlavour(String id) {
    this.id = id;
  }

  /**
   * The flavour's name in files and on command lines: {@code active-directory}, {@code edirectory},
   * {@code generic}.
   */
  public String id() {
    return id;
  }

  /**
   * The flavour named {@code name} ({@link #id()}, the constant's name, or {@code ad}), ignoring
   * case; null is no name and is refused as unknown.
   *
   * @throws IllegalArgumentException naming the unknown flavour and the known ones
   */
  public static LdapFlavour of(@Nullable String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (LdapFlavour f : values()) {
      if (f.id.equals(n) || f.name().toLowerCase(Locale.ROOT).equals(n)) {
        return f;
      }
    }
    if (n.equals("ad")) {
      return ACTIVE_DIRECTORY;
    }
    throw new IllegalArgumentException(
        "unknown LDAP flavour '" + name + "': expected active-directory, edirectory or generic");
  }
}
