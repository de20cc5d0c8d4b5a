package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Saved secrets: encrypted at rest with the key, owner-only, and never in any output, log, report
 * or file in clear.
 */
class SecretsTest extends CliTest {
  static final String KEY =
      Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void everyCommandWithKnownSecretsLeavesThemNowhere() throws Exception {
    f.env.put("UMT_SECRET_KEY", KEY);
    List<Result> results = new ArrayList<>();
    results.add(f.login());
    results.add(f.connect());
    results.add(
        f.run(
            "rules",
            "add",
            "sales",
            "--dn",
            CliFixture.dn(CliFixture.ORG.unit("Sales").dn()),
            "--group",
            "Staff/Sales"));
    results.add(f.run("--debug", "plan", "--html", tmp.resolve("data/plan.html").toString()));
    results.add(f.run("--verbose", "run"));
    results.add(f.run("run", "--json"));
    for (String[] args :
        List.of(
            new String[] {"status"},
            new String[] {"history"},
            new String[] {"held"},
            new String[] {"about"},
            new String[] {"browse"},
            new String[] {"rules", "list"},
            new String[] {"settings", "get"},
            new String[] {"--debug", "apply", "nope"},
            new String[] {"--debug", "connect", "--user", "cn=nobody"},
            new String[] {"logout"})) {
      results.add(f.run(args));
    }
    // The secrets themselves: the directory password, the OAuth client secret, and every refresh
    // token the stand-in issued.
    List<String> secrets = new ArrayList<>(List.of("umt-in-memory", f.gotomypc.clientSecret()));
    assertThat(results.get(0).exit()).as(results.get(0).all()).isZero();
    assertThat(results.get(4).exit()).as(results.get(4).all()).isZero();
    for (Result r : results) {
      for (String s : secrets) {
        assertThat(r.all()).doesNotContain(s).doesNotContain("rt-");
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(f.data)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    assertThat(files).contains(f.data.resolve("secrets.enc"), f.data.resolve("logs/umt.log"));
    assertThat(Files.readString(f.data.resolve("logs/umt.log"))).contains("DEBUG");
    for (Path file : files) {
      String text =
          new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
      for (String s : secrets) {
        assertThat(text).as(file.toString()).doesNotContain(s).doesNotContain("rt-");
      }
    }
    assertThat(Files.exists(f.data.resolve("secrets.json"))).isFalse();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f.data.resolve("secrets.enc"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f.data)))
        .isEqualTo("rwx------");
  }

  @Test
  void withoutAKeyTheCommandSaysSoAndWithTheWrongKeyItCannotRead() throws Exception {
    Result r = f.connect();
    assertThat(r.err())
        .isEqualTo(
            "warning: secrets are stored unencrypted in "
                + f.data.resolve("secrets.json")
                + " (readable only by you); set UMT_SECRET_KEY or UMT_SECRET_KEY_FILE to encrypt"
                + " them\n");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(f.data.resolve("secrets.json"))))
        .isEqualTo("rw-------");
    Path keyFile = f.write("key", KEY + "\n");
    f.env.put("UMT_SECRET_KEY_FILE", keyFile.toString());
    assertThat(f.connect().err()).isEmpty();
    assertThat(Files.exists(f.data.resolve("secrets.json")))
        .as("re-encrypted, the clear file gone")
        .isFalse();
    byte[] first = Files.readAllBytes(f.data.resolve("secrets.enc"));
    f.connect();
    byte[] second = Files.readAllBytes(f.data.resolve("secrets.enc"));
    assertThat(java.util.Arrays.copyOfRange(first, 4, 16))
        .as("a new IV on every write")
        .isNotEqualTo(java.util.Arrays.copyOfRange(second, 4, 16));
    f.env.put(
        "UMT_SECRET_KEY",
        Base64.getEncoder().encodeToString("another key of exactly 32 bytes!".getBytes()));
    Result wrong = f.run("browse");
    assertThat(wrong.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(wrong.err())
        .isEqualTo(
            "umt: cannot decrypt "
                + f.data.resolve("secrets.enc")
                + ": the key in UMT_SECRET_KEY or UMT_SECRET_KEY_FILE is not the one it was written"
                + " with\n");
    f.env.remove("UMT_SECRET_KEY");
    f.env.remove("UMT_SECRET_KEY_FILE");
    assertThat(f.run("browse").err())
        .isEqualTo(
            "umt: "
                + f.data.resolve("secrets.enc")
                + " is encrypted: set UMT_SECRET_KEY or UMT_SECRET_KEY_FILE to the key it was"
                + " written with\n");
  }
}
