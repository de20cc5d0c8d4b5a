package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.ldap.Bind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DirSync feed passes the change-feed contract on Samba, bound as the Administrator. */
class SambaDirSyncFeedTest extends SambaFeedContract {

  @BeforeAll
  static void start() throws Exception {
    open();
    source =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .bind(Bind.simple(samba.bindDn(), samba.password()))
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    close();
  }

  @Test
  void theAdministratorGetsDirSync() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("dirsync");
  }
}
