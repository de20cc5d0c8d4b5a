package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.ldap.Bind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The uSNChanged feed, forced, passes the change-feed contract on Samba as the Administrator, who
 * may list tombstones: deletions come from them. (A plain user falls back to this feed by itself
 * but sees no tombstones, so its token is refused and the run is full: {@link
 * SambaFeedBlindSpotsTest}.)
 */
class SambaUsnFeedTest extends SambaFeedContract {

  @BeforeAll
  static void start() throws Exception {
    open();
    source =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .bind(Bind.simple(samba.bindDn(), samba.password()))
                .changeFeed(dev.umt.ldap.LdapConfig.ChangeFeed.USN)
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    close();
  }

  @Test
  void theForcedFeedIsTheUsnFeed() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("usn");
  }
}
