package dev.umt.directory;

import dev.umt.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which users to read: those of a container (this level, or with everything below it) or the
 * members of a group (direct, or through nested groups), optionally narrowed by an LDAP filter. The
 * {@link #id()} wins over the {@link #dn()}: a source finds the container or group by its permanent
 * id, so a renamed or moved OU keeps its scope; the DN is only shown to people.
 *
 * @param kind container or group
 * @param id the permanent id of the container or group
 * @param dn its DN, for display
 * @param recursive sub-containers for a container, nested groups for a group
 * @param filter an extra LDAP filter in RFC 4515 form, or null
 */
public record Scope(Kind kind, String id, String dn, boolean recursive, @Nullable String filter) {

  /** What a scope is rooted at. */
  public enum Kind {
    CONTAINER,
    GROUP
  }

  public Scope {
    Objects.requireNonNull(kind, "scope kind");
    Checks.notBlank(id, "scope id");
    Checks.notBlank(dn, "scope dn");
    filter = Checks.blankToNull(filter);
  }

  /** The users of a container: {@code subtree} includes every container below it. */
  public static Scope container(String id, String dn, boolean subtree) {
    return new Scope(Kind.CONTAINER, id, dn, subtree, null);
  }

  /** The members of a group: {@code nested} includes members of member groups. */
  public static Scope group(String id, String dn, boolean nested) {
    return new Scope(Kind.GROUP, id, dn, nested, null);
  }

  /** This scope narrowed by an LDAP filter. */
  public Scope withFilter(String ldapFilter) {
    return new Scope(kind, id, dn, recursive, ldapFilter);
  }

  /** A short description for messages, such as {@code OU=Sales,DC=example,DC=com (subtree)}. */
  public String describe() {
    String how =
        kind == Kind.CONTAINER
            ? (recursive ? "subtree" : "one level")
            : (recursive ? "nested members" : "direct members");
    return dn + " (" + how + (filter == null ? "" : ", filter " + filter) + ")";
  }
}
