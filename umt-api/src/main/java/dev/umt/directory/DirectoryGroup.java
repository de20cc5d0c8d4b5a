package dev.umt.directory;

import dev.umt.internal.Checks;
import java.util.Objects;

/**
 * A group of users and other groups.
 *
 * @param id the permanent id
 * @param dn the distinguished name
 * @param name the name shown to people
 * @param kind security, distribution, or unknown where the directory does not say
 */
public record DirectoryGroup(String id, String dn, String name, Kind kind)
    implements DirectoryEntry {

  /** Whether a group grants rights (security) or only carries mail (distribution). */
  public enum Kind {
    SECURITY,
    DISTRIBUTION,
    UNKNOWN
  }

  public DirectoryGroup {
    Checks.notBlank(id, "group id");
    Checks.notBlank(dn, "group dn");
    Checks.notBlank(name, "group name of " + dn);
    Objects.requireNonNull(kind, "group kind");
  }
}
