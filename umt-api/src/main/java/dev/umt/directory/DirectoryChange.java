package dev.umt.directory;

import java.util.Objects;

/**
 * One change read from a {@link ChangeFeed}; each carries the token that resumes the feed just
 * after it. A feed reports what changed, not what it means: the engine turns each change into the
 * set of users it affects (a group's members, a container's subtree) and reads those again.
 *
 * <p>Feeds report a change at least once; reporting it twice is harmless (the engine re-reads the
 * user, group or container and plans against the ledger), missing one is not.
 */
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

  /** A user was deleted (or is no longer a user the source can read). */
  record UserDeleted(String userId, String tokenAfter) implements DirectoryChange {
    public UserDeleted {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }

  /**
   * A group was added or modified: its members (users or groups) may have changed, directly or by a
   * server rewriting {@code member} values after a rename or delete. The engine re-resolves its
   * members, nested groups included, and compares them with the snapshot.
   *
   * @param groupId the group's permanent id
   * @param dn its DN now
   */
  record GroupChanged(String groupId, String dn, String tokenAfter) implements DirectoryChange {
    public GroupChanged {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(dn, "dn");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }

  /** A group was deleted: every user the snapshot had in it, directly or nested, is affected. */
  record GroupDeleted(String groupId, String tokenAfter) implements DirectoryChange {
    public GroupDeleted {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }

  /**
   * A container was added, renamed or moved: the users below it may have new DNs or be in other
   * scopes now, though the server may not report them as changed. The engine re-reads its subtree.
   *
   * @param containerId the container's permanent id
   * @param dn its DN now
   */
  record ContainerChanged(String containerId, String dn, String tokenAfter)
      implements DirectoryChange {
    public ContainerChanged {
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(dn, "dn");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }

  /** A container was deleted: every user the snapshot had below it is affected. */
  record ContainerDeleted(String containerId, String tokenAfter) implements DirectoryChange {
    public ContainerDeleted {
      Objects.requireNonNull(containerId, "containerId");
      Objects.requireNonNull(tokenAfter, "tokenAfter");
    }
  }
}
