package dev.umt.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectoryUser;
import dev.umt.testkit.InMemoryDirectory.BlindSpot;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The in-memory directory's change feed passes the contract every feed passes; and its blind spots
 * hide what they say.
 */
class InMemoryChangeFeedContractTest extends ChangeFeedContract {
  private final InMemoryDirectory directory = InMemoryDirectory.of(Organisation.standard());

  @Override
  protected DirectorySource source() {
    return directory;
  }

  /**
   * Only this test writes to its in-memory directory: every change is judged, deletions of ids the
   * contract never looked up included.
   */
  @Override
  protected boolean sharedDirectory() {
    return false;
  }

  @Override
  protected String parentDn() {
    return Organisation.standard().unit("Corp").dn();
  }

  @Override
  protected String createContainer(String parentDn, String name) {
    String id = directory.addContainer(name, directory.idOf(parentDn));
    return directory.findById(id).orElseThrow().dn();
  }

  @Override
  protected String createUser(String containerDn, String login, String email) {
    DirectoryUser.Builder b =
        DirectoryUser.builder(
                UUID.randomUUID().toString(), "uid=" + login + "," + containerDn, login)
            .email(email);
    return directory.addUser(directory.idOf(containerDn), b).dn();
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    String id = directory.addGroup(name, directory.idOf(containerDn), DirectoryGroup.Kind.SECURITY);
    return directory.findById(id).orElseThrow().dn();
  }

  @Override
  protected void addMember(String groupDn, String memberDn) {
    directory.addMember(directory.idOf(groupDn), directory.idOf(memberDn));
  }

  @Override
  protected void removeMember(String groupDn, String memberDn) {
    directory.removeMember(directory.idOf(groupDn), directory.idOf(memberDn));
  }

  @Override
  protected String renameContainer(String dn, String newName) {
    String id = directory.idOf(dn);
    directory.rename(id, newName);
    return directory.findById(id).orElseThrow().dn();
  }

  @Override
  protected void delete(String dn) {
    DirectoryEntry e =
        directory.findByDn(dn).orElseThrow(() -> new AssertionError("nothing to delete at " + dn));
    if (e instanceof DirectoryUser u) {
      directory.removeUser(u.id());
    } else if (e instanceof DirectoryGroup g) {
      directory.deleteGroup(g.id());
    } else {
      directory.deleteContainer(e.id());
    }
  }

  // --- the blind spots ---

  private String unit() {
    return createContainer(parentDn(), "blind-" + UUID.randomUUID().toString().substring(0, 8));
  }

  @Test
  void withMembershipChangesOnlyOnTheGroupTheMemberIsNotReported() {
    String unit = unit();
    String user = createUser(unit, "blindmember", "blindmember@feed.example.test");
    String group = createGroup(unit, "blindgroup");
    directory.blindSpot(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP, true);
    String t = directory.changeFeed().orElseThrow().currentToken();

    addMember(group, user);

    assertThat(changesSince(t))
        .containsExactly(
            new DirectoryChange.GroupChanged(
                directory.idOf(group), group, directory.changeFeed().orElseThrow().currentToken()));
  }

  @Test
  void withRenamesNotTouchingUsersOnlyTheContainerIsReported() {
    String unit = unit();
    createUser(unit, "blindinside", "blindinside@feed.example.test");
    String id = directory.idOf(unit);
    directory.blindSpot(BlindSpot.RENAMES_DO_NOT_TOUCH_USERS, true);
    String t = directory.changeFeed().orElseThrow().currentToken();

    String renamed = renameContainer(unit, "blind-renamed");

    assertThat(changesSince(t))
        .containsExactly(
            new DirectoryChange.ContainerChanged(
                id, renamed, directory.changeFeed().orElseThrow().currentToken()));
  }

  @Test
  void withRefintADeletedMemberLeavesItsGroupsUnreported() {
    String unit = unit();
    String user = createUser(unit, "blindgone", "blindgone@feed.example.test");
    String group = createGroup(unit, "blindholder");
    addMember(group, user);
    String userId = directory.idOf(user);
    directory.blindSpot(BlindSpot.REFINT_REWRITES_SILENTLY, true);
    String t = directory.changeFeed().orElseThrow().currentToken();

    delete(user);

    assertThat(changesSince(t))
        .containsExactly(
            new DirectoryChange.UserDeleted(
                userId, directory.changeFeed().orElseThrow().currentToken()));
    directory.blindSpot(BlindSpot.REFINT_REWRITES_SILENTLY, false);
    String user2 = createUser(unit, "seengone", "seengone@feed.example.test");
    addMember(group, user2);
    String t2 = directory.changeFeed().orElseThrow().currentToken();
    delete(user2);
    assertThat(changesSince(t2))
        .extracting(c -> c.getClass().getSimpleName())
        .containsExactly("UserDeleted", "GroupChanged");
  }

  @Test
  void withDeletesInvisibleNothingIsReportedForADeletion() {
    String unit = unit();
    String user = createUser(unit, "blindvanish", "blindvanish@feed.example.test");
    String t = directory.changeFeed().orElseThrow().currentToken();
    directory.blindSpot(BlindSpot.DELETES_INVISIBLE, true);

    delete(user);

    List<DirectoryChange> changes = changesSince(t);
    assertThat(changes).isEmpty();
  }
}
