package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.gotomypc.target.GoToMyPcTargetProvider;
import dev.umt.target.ProvisioningTarget;
import dev.umt.testkit.gotomypc.StandInRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refresh never spends the only working refresh token (issue 9 item 1): it checks the store can
 * be written first, keeps the new token in memory, retries the save, and says loudly where the
 * token is when the save still fails. Tests run as root, so unwritable stores are a folder path
 * through a regular file, sysfs, a directory as the token file, and stores that throw.
 */
class TokenSafetyTest {
  private final StandInFixture fixture = new StandInFixture();

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /**
   * The in-memory store of the fixture, whose saves fail while {@code failures} is positive
   * (counting down) or {@code broken} is set, and whose check fails with {@code sealed} when set.
   */
  private static final class FlakyStore implements TokenStore {
    final TokenStore inner;
    final AtomicInteger failures = new AtomicInteger();
    volatile boolean broken;
    volatile String sealed;
    final AtomicInteger saves = new AtomicInteger();

    FlakyStore(TokenStore inner) {
      this.inner = inner;
    }

    @Override
    public Optional<Secret> load() {
      return inner.load();
    }

    @Override
    public void save(Secret refreshToken) {
      if (broken || failures.getAndDecrement() > 0) {
        throw new ConfigurationException(
            "cannot write token file /vault/token: No space left on device");
      }
      saves.incrementAndGet();
      inner.save(refreshToken);
    }

    @Override
    public void checkWritable() {
      if (sealed != null) {
        throw new ConfigurationException(sealed);
      }
    }

    @Override
    public String toString() {
      return "TokenStore.open(/vault/token)";
    }
  }

  private long tokenRequests() {
    return fixture.standIn.requests().stream()
        .map(StandInRequest::path)
        .filter("/oauth/token"::equals)
        .count();
  }

  /**
   * Whether {@code token} is still a working refresh token at the stand-in (a refresh with it
   * succeeds, then it is rotated away).
   */
  private boolean works(Secret token) {
    try (GoToMyPcClient probe = fixture.client().tokenStore(TokenStore.inMemory(token)).build()) {
      probe.refreshTokens();
      return true;
    } catch (GoToMyPcAuthenticationException e) {
      return false;
    }
  }

  private ProvisioningTarget target(Path tokenFile) {
    Map<String, String> settings = fixture.standIn.targetSettings(fixture.company, tokenFile);
    return new GoToMyPcTargetProvider().create(Settings.of("umt.properties", settings));
  }

  @Test
  void aFolderThatIsAFileStopsTheRunBeforeItSpendsTheSeededToken(@TempDir Path dir)
      throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "x");
    Path tokenFile = notAFolder.resolve("gotomypc.token");
    Map<String, String> settings = fixture.standIn.targetSettings(fixture.company, tokenFile);
    Secret seed = Secret.of(settings.get("refreshToken"));
    try (ProvisioningTarget target =
        new GoToMyPcTargetProvider().create(Settings.of("umt.properties", settings))) {
      assertThatThrownBy(target::groups)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "token file "
                  + tokenFile
                  + " cannot be used: "
                  + notAFolder
                  + " is a file, not a folder");
    }
    assertThat(tokenRequests()).as("the token endpoint was not called").isZero();
    assertThat(works(seed)).as("the seeded refresh token still works").isTrue();
  }

  @Test
  void aReadOnlyFolderStopsTheRefreshBeforeItSpendsTheSeededToken() {
    Path tokenFile = Path.of("/sys/umt-gotomypc.token"); // sysfs: no new files, not even for root
    Map<String, String> settings = fixture.standIn.targetSettings(fixture.company, tokenFile);
    Secret seed = Secret.of(settings.get("refreshToken"));
    try (ProvisioningTarget target =
        new GoToMyPcTargetProvider().create(Settings.of("umt.properties", settings))) {
      assertThatThrownBy(target::groups)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageMatching(
              "\\QGoToMyPC tokens not refreshed: the token store"
                  + " TokenStore.open(/sys/umt-gotomypc.token) (seeded from the refreshToken"
                  + " setting) cannot be written (cannot write token file /sys/umt-gotomypc.token:"
                  + " cannot create a file in /sys: \\E(AccessDeniedException|Read-only file"
                  + " system)\\Q); the stored refresh token was not used and still works. Make it"
                  + " writable, or choose another token file, and run again\\E");
    }
    assertThat(tokenRequests()).isZero();
    assertThat(works(seed)).isTrue();
  }

  @Test
  void aTokenFileThatIsADirectoryIsNamedSo(@TempDir Path dir) {
    try (ProvisioningTarget target = target(dir)) {
      assertThatThrownBy(target::groups)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "token file "
                  + dir
                  + " is a directory, not a file; set tokenFile to a file path, e.g. "
                  + dir.resolve("gotomypc-refresh-token"));
    }
    assertThat(TokenStore.open(dir).toString()).isEqualTo("TokenStore.open(" + dir + ")");
    assertThatThrownBy(() -> TokenStore.open(dir).save(Secret.of("rt")))
        .hasMessageStartingWith("token file " + dir + " is a directory, not a file");
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void aStoreThatRefusesTheCheckKeepsItsTokenUnspent() {
    Secret stored = fixture.tokens.load().orElseThrow();
    FlakyStore refusing = new FlakyStore(fixture.tokens);
    refusing.sealed = "the vault is sealed";
    try (GoToMyPcClient client = fixture.client().tokenStore(refusing).build()) {
      assertThatThrownBy(client::me)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "GoToMyPC tokens not refreshed: the token store TokenStore.open(/vault/token) cannot"
                  + " be written (the vault is sealed); the stored refresh token was not used and"
                  + " still works. Make it writable, or choose another token file, and run again");
    }
    assertThat(tokenRequests()).isZero();
    assertThat(works(stored)).isTrue();
  }

  @Test
  void aStoreThatRefusesTheCheckKeepsTheSetUpCodeUnused() {
    FlakyStore refusing = new FlakyStore(TokenStore.inMemory(null));
    refusing.sealed = "the vault is sealed";
    try (GoToMyPcClient client = fixture.client().tokenStore(refusing).build()) {
      assertThatThrownBy(
              () ->
                  client.exchangeCode(
                      "code-1", java.net.URI.create("https://umt.example/callback")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "GoToMyPC authorization code not exchanged: the token store"
                  + " TokenStore.open(/vault/token) cannot be written (the vault is sealed); the"
                  + " code was not used. Make it writable, or choose another token file, and run"
                  + " again");
    }
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void aSaveThatFailsOnceIsTriedAgainAndTheNewestTokenIsStored() {
    FlakyStore store = new FlakyStore(fixture.tokens);
    store.failures.set(1);
    Secret old = store.load().orElseThrow();
    try (GoToMyPcClient client = fixture.client().tokenStore(store).build()) {
      client.refreshTokens();
      assertThat(store.saves).hasValue(1);
      Secret saved = store.load().orElseThrow();
      assertThat(saved).isNotEqualTo(old);
      client.me();
    }
    assertThat(works(old)).as("the old token was rotated away").isFalse();
    assertThat(works(store.load().orElseThrow())).as("the stored token is the newest").isTrue();
  }

  @Test
  void aSaveThatAlwaysFailsSaysWhereTheTokenIsKeepsItUsableAndALaterSaveStoresTheNewest() {
    FlakyStore store = new FlakyStore(fixture.tokens);
    store.broken = true;
    Secret old = store.load().orElseThrow();
    try (GoToMyPcClient client = fixture.client().tokenStore(store).build()) {
      String loud =
          "GoToMyPC handed out a new refresh token that could not be saved to"
              + " TokenStore.open(/vault/token) after 3 attempts: cannot write token file"
              + " /vault/token: No space left on device. The previous refresh token is used up; the"
              + " new one is kept in memory by this process only, which goes on using it and tries"
              + " the save again at each GoToMyPC call. Make the token store writable while this"
              + " process runs; if it ends first, the token is lost and the one-time authorization"
              + " set-up must be run again";
      assertThatThrownBy(client::refreshTokens)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(loud);
      assertThat(client.me().email())
          .as("the process goes on with the token in memory")
          .isEqualTo("manager@example.test");
      assertThatThrownBy(client::refreshTokens)
          .as("a refresh spends the token in memory, not the stored one")
          .hasMessage(loud);
      assertThat(store.load()).contains(old);
      assertThat(works(old)).as("the stored token was used up by the first refresh").isFalse();

      store.broken = false;
      client.me();
      assertThat(store.saves).as("the next call saved the token kept in memory").hasValue(1);
    }
    assertThat(works(store.load().orElseThrow())).as("the stored token is the newest").isTrue();
  }
}
