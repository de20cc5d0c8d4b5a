package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The content-sync feed passes the change-feed contract on the feed slapd (syncprov with a session
 * log, refint, memberof), bound as the non-administrator reader over StartTLS.
 */
class SlapdContentSyncFeedTest extends GenericSlapdFeedContract {

  @BeforeAll
  static void start() throws Exception {
    var s = FeedServer.get();
    open(s, FeedServer.reader(s).build());
  }

  @AfterAll
  static void stop() throws Exception {
    close();
  }

  @Test
  void theServerAdvertisingSyncprovGivesTheContentSyncFeed() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("content-sync");
  }
}
