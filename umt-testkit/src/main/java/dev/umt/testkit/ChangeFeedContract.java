package dev.umt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.PageCursor;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.TokenExpiredException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChangeFeed} must report, checked on a live directory: the current token yields
 * no changes; one create yields exactly that user; a delete yields the user's id; a membership
 * change yields the group; a container rename yields the container. Extend it, return a source with
 * a feed, and implement the hooks that change the directory. Every test works in a container of its
 * own under {@link #parentDn()}, deleted again afterwards, so the directory is left as it was. Each
 * test looks only at the changes of entries it made (by id, or by a DN under {@link #parentDn()}):
 * a server shared with other builds, writing at the same time, cannot break it, and what it proves
 * of its own entries is unchanged.
 *
 * <pre>{@code
 * class SlapdChangeFeedTest extends ChangeFeedContract {
 *   protected DirectorySource source() { return source; }
 *   protected String createContainer(String parentDn, String name) { ... return dn; }
 *   ...
 * }
 * }</pre>
 */
public abstract class ChangeFeedContract {
  private final Deque<String> created = new ArrayDeque<>();

  /**
   * The ids of the entries this test made or looked up: its changes are the ones with these ids, or
   * with a DN under parentDn().
   */
  private final Set<String> ownIds = new HashSet<>();

  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  /** A source with a change feed; may be the same instance every call. */
  protected abstract DirectorySource source();

  /** Where the tests create their containers: the base DN, or a container under it. */
  protected abstract String parentDn();

  /** Creates a container (an OU) called {@code name} under {@code parentDn}; returns its DN. */
  protected abstract String createContainer(String parentDn, String name);

  /**
   * Creates an enabled user with this login name and email in {@code containerDn}; returns its DN.
   */
  protected abstract String createUser(String containerDn, String login, String email);

  /**
   * Creates a security group called {@code name} in {@code containerDn}, with no members; returns
   * its DN.
   */
  protected abstract String createGroup(String containerDn, String name);

  /** Adds the user or group {@code memberDn} to the group {@code groupDn}. */
  protected abstract void addMember(String groupDn, String memberDn);

  /** Removes {@code memberDn} from the group {@code groupDn}. */
  protected abstract void removeMember(String groupDn, String memberDn);

  /** Renames the container {@code dn} to {@code newName} in place; returns its new DN. */
  protected abstract String renameContainer(String dn, String newName);

  /** Deletes the leaf entry {@code dn} (a user, group or empty container). */
  protected abstract void delete(String dn);

  /**
   * Waits until a change made now is sure to fall after a token taken before it, for feeds whose
   * clock has a coarse grain (a timestamp to the second). Nothing by default.
   */
  protected void awaitNextTick() {}

  /**
   * Whether the feed reports deleted users. A feed that cannot (a timestamp feed: a deleted entry
   * leaves no timestamp to find) answers false, and {@code aDeleteYieldsTheUsersId} then asserts
   * the blind spot instead: no {@code UserDeleted} at all. True by default.
   */
  protected boolean seesDeletions() {
    return true;
  }

  private ChangeFeed feed() {
    return source()
        .changeFeed()
        .orElseThrow(() -> new AssertionError("the source offers no change feed"));
  }

  private String name(String what) {
    return "feed" + what + "-" + suffix;
  }

  private String container() {
    String dn = createContainer(parentDn(), name("unit"));
    created.push(dn);
    idOf(dn);
    return dn;
  }

  private String user(String containerDn, String login) {
    String dn = createUser(containerDn, login, login + "@feed.example.test");
    created.push(dn);
    idOf(dn);
    return dn;
  }

  private String token() {
    String t = feed().currentToken();
    awaitNextTick();
    return t;
  }

  /**
   * Whether other writers may change the directory while a test runs (a real server shared by
   * parallel builds): then a test judges only its own entries' changes. A directory only this test
   * writes to (in the JVM) answers false, and every change is judged. True by default.
   */
  protected boolean sharedDirectory() {
    return true;
  }

  /**
   * The changes after {@code token}: on a {@link #sharedDirectory()} those of this test's own
   * entries (see {@link #own}: the ids the contract looked up, DNs under {@link #parentDn()}), else
   * all; fails on an incomplete read.
   */
  protected List<DirectoryChange> changesSince(String token) {
    List<DirectoryChange> all = allChangesSince(token);
    return sharedDirectory() ? own(all, parentDn(), ownIds) : all;
  }

  /** Every change after {@code token}, other writers' included; fails on an incomplete read. */
  private List<DirectoryChange> allChangesSince(String token) {
    List<DirectoryChange> out = new ArrayList<>();
    try (PageCursor<DirectoryChange> cursor = feed().changesSince(token)) {
      while (cursor.hasNext()) {
        out.addAll(cursor.next());
      }
      assertThat(cursor.isComplete())
          .as("feed read complete: %s", cursor.incompleteReason())
          .isTrue();
    }
    for (DirectoryChange c : out) {
      assertThat(c.tokenAfter()).as("token after %s", c).isNotBlank();
    }
    return out;
  }

  private static List<String> changedLogins(List<DirectoryChange> changes) {
    return changes.stream()
        .filter(c -> c instanceof DirectoryChange.UserChanged)
        .map(c -> ((DirectoryChange.UserChanged) c).user().loginName().toLowerCase(Locale.ROOT))
        .distinct()
        .toList();
  }

  /** The id of {@code dn}, remembered as one of this test's own. */
  private String idOf(String dn) {
    String id =
        source()
            .findByDn(dn)
            .map(DirectoryEntry::id)
            .orElseThrow(() -> new AssertionError("findByDn found nothing for " + dn));
    ownIds.add(id);
    return id;
  }

  /**
   * The changes of {@code changes} that concern entries a test made: an entry whose id is in {@code
   * ids} (the only way to know a deleted entry), or whose DN (a changed user, group or container)
   * is {@code underDn} or under it, compared ignoring case. In order. For tests on a directory
   * other builds write to at the same time.
   *
   * @param changes what a feed reported
   * @param underDn the DN of the test's own container
   * @param ids the ids of the test's own entries
   */
  public static List<DirectoryChange> own(
      List<DirectoryChange> changes, String underDn, Collection<String> ids) {
    String under = underDn.toLowerCase(Locale.ROOT);
    List<DirectoryChange> out = new ArrayList<>();
    for (DirectoryChange c : changes) {
      String id;
      String dn;
      if (c instanceof DirectoryChange.UserChanged u) {
        id = u.user().id();
        dn = u.user().dn();
      } else if (c instanceof DirectoryChange.UserDeleted u) {
        id = u.userId();
        dn = null;
      } else if (c instanceof DirectoryChange.GroupChanged g) {
        id = g.groupId();
        dn = g.dn();
      } else if (c instanceof DirectoryChange.GroupDeleted g) {
        id = g.groupId();
        dn = null;
      } else if (c instanceof DirectoryChange.ContainerChanged k) {
        id = k.containerId();
        dn = k.dn();
      } else {
        id = ((DirectoryChange.ContainerDeleted) c).containerId();
        dn = null;
      }
      String lower = dn == null ? null : dn.toLowerCase(Locale.ROOT);
      if (ids.contains(id)
          || (lower != null && (lower.equals(under) || lower.endsWith("," + under)))) {
        out.add(c);
      }
    }
    return out;
  }

  @AfterEach
  void deleteWhatTheTestMade() {
    while (!created.isEmpty()) {
      delete(created.pop());
    }
  }

  @Test
  void theCurrentTokenYieldsNoChanges() {
    String unit = container();
    user(unit, name("quiet"));
    String t = token();
    assertThat(changesSince(t)).isEmpty();
  }

  @Test
  void oneCreateYieldsExactlyThatUser() {
    String unit = container();
    user(unit, name("before"));
    String t = token();
    String login = name("new");
    String dn = user(unit, login);
    List<DirectoryChange> changes = changesSince(t);
    assertThat(changedLogins(changes)).containsExactly(login.toLowerCase(Locale.ROOT));
    DirectoryChange.UserChanged c =
        (DirectoryChange.UserChanged)
            changes.stream()
                .filter(x -> x instanceof DirectoryChange.UserChanged)
                .findFirst()
                .orElseThrow();
    assertThat(c.user().id()).isEqualTo(idOf(dn));
    assertThat(c.user().email()).isEqualToIgnoringCase(login + "@feed.example.test");
    String after = changes.get(changes.size() - 1).tokenAfter();
    assertThat(changedLogins(changesSince(after))).as("changes after the last token").isEmpty();
  }

  @Test
  void aDeleteYieldsTheUsersId() {
    String unit = container();
    String login = name("gone");
    String dn = createUser(unit, login, login + "@feed.example.test");
    String id = idOf(dn);
    String t = token();
    delete(dn);
    List<DirectoryChange> changes = changesSince(t);
    if (seesDeletions()) {
      assertThat(changes)
          .filteredOn(c -> c instanceof DirectoryChange.UserDeleted)
          .extracting(c -> ((DirectoryChange.UserDeleted) c).userId())
          .containsExactly(id);
    } else {
      // The documented blind spot: nothing about the user at all, so only the periodic full run
      // deprovisions it.
      assertThat(changes)
          .as("a feed that cannot see deletions")
          .noneMatch(c -> c instanceof DirectoryChange.UserDeleted);
    }
    assertThat(changedLogins(changes)).doesNotContain(login.toLowerCase(Locale.ROOT));
  }

  @Test
  void aMembershipChangeYieldsTheGroup() {
    String unit = container();
    String member = user(unit, name("member"));
    String group = createGroup(unit, name("group"));
    created.push(group);
    String groupId = idOf(group);
    String t = token();
    addMember(group, member);
    assertThat(changesSince(t))
        .filteredOn(c -> c instanceof DirectoryChange.GroupChanged)
        .extracting(c -> ((DirectoryChange.GroupChanged) c).groupId())
        .containsExactly(groupId);
    String t2 = token();
    removeMember(group, member);
    assertThat(changesSince(t2))
        .filteredOn(c -> c instanceof DirectoryChange.GroupChanged)
        .extracting(c -> ((DirectoryChange.GroupChanged) c).groupId())
        .containsExactly(groupId);
  }

  @Test
  void aContainerRenameYieldsTheContainer() {
    String unit = createContainer(parentDn(), name("old"));
    String id = idOf(unit);
    String inside = createUser(unit, name("inside"), name("inside") + "@feed.example.test");
    String t = token();
    String renamed = renameContainer(unit, name("renamed"));
    created.push(renamed);
    created.push(inside.substring(0, inside.indexOf(',')) + "," + renamed);
    List<DirectoryChange> changes = changesSince(t);
    assertThat(changes)
        .filteredOn(c -> c instanceof DirectoryChange.ContainerChanged)
        .extracting(c -> ((DirectoryChange.ContainerChanged) c).containerId())
        .containsExactly(id);
    DirectoryChange.ContainerChanged c =
        (DirectoryChange.ContainerChanged)
            changes.stream()
                .filter(x -> x instanceof DirectoryChange.ContainerChanged)
                .findFirst()
                .orElseThrow();
    assertThat(c.dn()).isEqualToIgnoringCase(renamed);
  }

  @Test
  void aTokenOfNoKnownFormIsRefused() {
    assertThatThrownBy(() -> allChangesSince("not-a-token"))
        .isInstanceOf(TokenExpiredException.class);
  }
}
