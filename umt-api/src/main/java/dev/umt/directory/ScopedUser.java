package dev.umt.directory;

import java.util.List;
import java.util.Objects;

/**
 * A user read from a {@link Scope}, with the path that put it there: the DNs from the scope's
 * container or group down to the user's own container or direct group. For a user directly in the
 * scope, the path holds only the scope's DN.
 *
 * @param user the user
 * @param via DNs from the scope down to the user, never empty
 */
public record ScopedUser(DirectoryUser user, List<String> via) {
  public ScopedUser {
    Objects.requireNonNull(user, "user");
    via = List.copyOf(via);
    if (via.isEmpty()) {
      throw new IllegalArgumentException("path to " + user.dn() + " is empty");
    }
  }
}
