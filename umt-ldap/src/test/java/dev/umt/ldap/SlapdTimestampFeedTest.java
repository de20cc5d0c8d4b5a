package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.directory.DirectoryChange;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The timestamp feed, forced with {@code changeFeed TIMESTAMP}, passes the change-feed contract on
 * the feed slapd, except for deletions: a timestamp feed cannot see them (its javadoc says so), so
 * the contract's delete test is replaced by one that shows the blind spot.
 */
class SlapdTimestampFeedTest extends GenericSlapdFeedContract {
  /**
   * A timestamp feed cannot see deletions (TimestampFeed's javadoc); {@code
   * aDeleteIsNotSeenButTheChangesAroundItAre} shows the blind spot.
   */
  @Override
  protected boolean seesDeletions() {
    return false;
  }

  @BeforeAll
  static void start() throws Exception {
    var s = FeedServer.get();
    open(s, FeedServer.reader(s).changeFeed(LdapConfig.ChangeFeed.TIMESTAMP).build());
  }

  @AfterAll
  static void stop() throws Exception {
    close();
  }

  @Test
  void theForcedFeedIsTheTimestampFeed() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("timestamp");
  }

  @Test
  void aDeleteIsNotSeenButTheChangesAroundItAre() {
    String unit = createContainer(parent, "ts-delete");
    String gone = createUser(unit, "ts-gone", "ts-gone@feed.example.test");
    String token = source.changeFeed().orElseThrow().currentToken();
    delete(gone);
    String kept = createUser(unit, "ts-kept", "ts-kept@feed.example.test");
    List<DirectoryChange> changes = changesSince(token);
    assertThat(changes).noneMatch(c -> c instanceof DirectoryChange.UserDeleted);
    assertThat(changes)
        .filteredOn(c -> c instanceof DirectoryChange.UserChanged)
        .extracting(c -> ((DirectoryChange.UserChanged) c).user().loginName())
        .containsExactly("ts-kept");
    delete(kept);
    delete(unit);
  }
}
