package dev.umt.directory;

import java.util.Objects;

/** One change read from a {@link ChangeFeed}; each carries the token to resume after it. */
public sealed interface DirectoryChange {
  /** The opaque token that resumes the feed just after this change. */
  String tokenAfter();

  /** A user was added or modified: the whole user as it is now. */
  record UserChanged(DirectoryUser user, String tokenAfter) implements DirectoryChange {
    public UserChanged {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }

  /** A user was deleted. */
  record UserDeleted(String userId, String tokenAfter) implements DirectoryChange {
    public UserDeleted {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }
}
