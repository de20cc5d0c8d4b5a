package dev.umt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.Umt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every local option takes effect: the rate limit reaches the {@code gotomypc} target's pace, the
 * proxy carries its traffic, detailed rule logging writes every step to the log, page size and
 * concurrency reach the engine, and detailed directory logging reaches the source's settings.
 */
class LocalOptionsWiringTest {
  @TempDir Path tmp;

  private int umt(Map<String, String> env, String... args) {
    return Umt.execute(
        args,
        new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        env);
  }

  private DataFolder data() {
    return new DataFolder(
        tmp, Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void theOptionsReachTheTargetTheSourceAndTheEngine() {
    Map<String, String> env = Map.of("UMT_DATA", tmp.toString());
    DataFolder data = data();
    data.saveSection(
        "gotomypc", Map.of("clientId", "c", "company", "1", "baseUrl", "http://127.0.0.1:9/"));
    data.secrets().put("gotomypc.refreshToken", dev.umt.Secret.of("r"));
    data.secrets().put("gotomypc.clientSecret", dev.umt.Secret.of("s"));
    data.saveSection("directory", Map.of("type", "ldap", "servers", "127.0.0.1:9"));
    try (Session before = new Session(data())) {
      assertThat(before.targetSettings()).doesNotContainKeys("requestsPerSecond", "proxy");
      assertThat(before.target().describe().requestsPerSecond())
          .as("the client's default pace")
          .isEqualTo(dev.umt.gotomypc.RateLimitPolicy.DEFAULT.requestsPerSecond());
      assertThat(before.directorySettings()).doesNotContainKey("detailedLogging");
    }
    for (String[] set :
        List.of(
            new String[] {"rateLimitPerSecond", "3"},
            new String[] {"proxy", "127.0.0.1:1"},
            new String[] {"pageSize", "7"},
            new String[] {"concurrency", "2"},
            new String[] {"detailedRuleLogging", "true"},
            new String[] {"detailedDirectoryLogging", "true"})) {
      assertThat(umt(env, "settings", "set", set[0], set[1])).as(set[0]).isZero();
    }
    try (Session after = new Session(data())) {
      assertThat(after.targetSettings())
          .containsEntry("requestsPerSecond", "3")
          .containsEntry("proxy", "127.0.0.1:1");
      assertThat(after.target().describe().requestsPerSecond()).isEqualTo(3.0);
      assertThat(after.syncOptions().pageSize()).isEqualTo(7);
      assertThat(after.syncOptions().concurrency()).isEqualTo(2);
      assertThat(after.syncOptions().detailedLogging()).isTrue();
      // The source setting detailedLogging is added to the ldap, active-directory and edirectory
      // sources on the LDAP helper's branch.
      assertThat(after.directorySettings()).containsEntry("detailedLogging", "true");
    }
  }

  @Test
  void aDecimalRateIsPassedAsWritten() throws Exception {
    assertThat(
            umt(Map.of("UMT_DATA", tmp.toString()), "settings", "set", "rateLimitPerSecond", "2.5"))
        .isZero();
    DataFolder data = data();
    data.saveSection("gotomypc", Map.of("clientId", "c", "company", "1"));
    data.secrets().put("gotomypc.refreshToken", dev.umt.Secret.of("r"));
    try (Session s = new Session(data())) {
      assertThat(s.targetSettings()).containsEntry("requestsPerSecond", "2.5");
    }
    assertThat(Files.readString(tmp.resolve("local-options.json")))
        .contains("\"rateLimitPerSecond\": 2.5");
  }
}
