package dev.umt.directory;

import dev.umt.internal.Checks;
import java.util.Objects;

/**
 * A domain, organisational unit or container that holds users and groups.
 *
 * @param id the permanent id
 * @param dn the distinguished name
 * @param name the relative name shown to people, such as {@code Sales}
 * @param kind what sort of container it is
 */
public record Container(String id, String dn, String name, Kind kind) implements DirectoryEntry {

  /** What sort of container an entry is. */
  public enum Kind {
    DOMAIN,
    ORGANIZATIONAL_UNIT,
    CONTAINER
  }

  public Container {
    Checks.notBlank(id, "container id");
    Checks.notBlank(dn, "container dn");
    Checks.notBlank(name, "container name of " + dn);
    Objects.requireNonNull(kind, "container kind");
  }
}
