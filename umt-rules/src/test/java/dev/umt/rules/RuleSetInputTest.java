package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.directory.Scope;
import dev.umt.rule.Rule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule-set and options input a careless or hostile hand may give: byte-order marks, broken JSON,
 * huge or control-laden values.
 */
class RuleSetInputTest {
  @TempDir Path dir;

  /** One rule whose fields are given raw (already JSON-escaped). */
  private static String oneRule(
      String id,
      String name,
      String sourceId,
      String dn,
      String filter,
      String group,
      String email) {
    return """
    {"version": 1, "rules": [
      {"id": "%s", "name": "%s",
       "source": {"kind": "CONTAINER", "id": "%s", "dn": "%s", "recursive": true, "filter": "%s"},
       "target": {"group": "%s"},
       "mapping": {"email": "%s", "firstName": "${givenName}", "lastName": "${sn}"}}
    ]}
    """
        .formatted(id, name, sourceId, dn, filter, group, email);
  }

  private static String permissions(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void aUtf8ByteOrderMarkIsAccepted() throws IOException {
    Path file = dir.resolve("rules.json");
    byte[] text = RuleSetFileTest.readmeExample().getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(file, withBom);

    assertThat(RuleSetFile.open(file).load().rules())
        .containsExactlyElementsOf(RuleSetFileTest.readmeRules());
    assertThat(RuleSet.fromJson("\uFEFF" + RuleSetFileTest.readmeExample(), "pasted").rules())
        .containsExactlyElementsOf(RuleSetFileTest.readmeRules());

    Path options = dir.resolve("global.json");
    Files.writeString(options, "\uFEFF{\"version\": 1, \"deprovisionUncovered\": true}");
    assertThat(JsonFileGlobalOptionsStore.open(options).load().deprovisionUncovered()).isTrue();
  }

  @Test
  void malformedJsonGivesTheLineTheColumnAndThePath() {
    String json =
        """
        {
          "version": 1,
          "rules": [
            {"id": "sales", "name": "Sales",}
          ]
        }
        """;
    assertThatThrownBy(() -> RuleSet.fromJson(json, "rules.json"))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(
            "rules.json: not valid JSON at line 4 column 37: Expected name at path"
                + " $.rules[0].name");
    assertThatThrownBy(() -> RuleSet.fromJson("{\"version\": 1,\n \"rules\": [\n", "cut.json"))
        .hasMessage(
            "cut.json: not valid JSON at line 3 column 1: the document ends too early at path"
                + " $.rules[0]");
    assertThatThrownBy(() -> RuleSet.fromJson("{\"rules\": [], \"naïve\": tru}", "word.json"))
        .hasMessage(
            "word.json: not valid JSON at line 1 column 24: malformed JSON at path $.naïve");
  }

  @Test
  void overlongValuesAreRefusedNamingThePathAndTheLimit() {
    String json =
        oneRule(
            "i".repeat(65),
            "n".repeat(257),
            "s".repeat(257),
            "OU=" + "d".repeat(1022),
            "(cn=" + "f".repeat(4093) + ")",
            "Sales/" + "g".repeat(1019),
            "${mail}" + "t".repeat(1018));

    assertThatThrownBy(() -> RuleSet.fromJson(json, "big.json"))
        .isInstanceOfSatisfying(
            RuleSetException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "rules[0].id: is 65 characters long; the limit is 64",
                        "rules[0].name: is 257 characters long; the limit is 256",
                        "rules[0].source.id: is 257 characters long; the limit is 256",
                        "rules[0].source.dn: is 1025 characters long; the limit is 1024",
                        "rules[0].source.filter: is 4098 characters long; the limit is 4096",
                        "rules[0].target.group: is 1025 characters long; the limit is 1024",
                        "rules[0].mapping.email: is 1025 characters long; the limit is 1024"));
    String atTheLimits =
        oneRule(
            "i".repeat(64),
            "n".repeat(256),
            "s".repeat(256),
            "OU=" + "d".repeat(1021),
            "(cn=" + "f".repeat(4091) + ")",
            "Sales/" + "g".repeat(1018),
            "${mail}" + "t".repeat(1017));
    assertThat(RuleSet.fromJson(atTheLimits, "limits.json").rules()).hasSize(1);
  }

  @Test
  void controlCharactersInNamesAndIdsAreRefusedNamingThePath() {
    String json =
        oneRule(
            "sales\\t2",
            "Sales \\u001b[31mEMEA",
            "ou\\u0000",
            "OU=Sales\\r\\n,DC=x",
            "(cn=a\\u0007)",
            "Sales\\u0085",
            "${mail}\\n");

    assertThatThrownBy(() -> RuleSet.fromJson(json, "ctl.json"))
        .isInstanceOfSatisfying(
            RuleSetException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "rules[0].id: must not contain control characters, found U+0009 at"
                            + " character 6",
                        "rules[0].name: must not contain control characters, found U+001B at"
                            + " character 7",
                        "rules[0].source.id: must not contain control characters, found U+0000 at"
                            + " character 3",
                        "rules[0].source.dn: must not contain control characters, found U+000D at"
                            + " character 9",
                        "rules[0].source.filter: must not contain control characters, found U+0007"
                            + " at character 6",
                        "rules[0].target.group: must not contain control characters, found U+0085"
                            + " at character 6",
                        "rules[0].mapping.email: must not contain control characters, found U+000A"
                            + " at character 8"));
    Rule built =
        Rule.builder("sales", "Sales\nEMEA", Scope.container("ou1", "OU=Sales,DC=x", true)).build();
    assertThatThrownBy(() -> RuleSet.of(List.of(built)))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(
            "rule set: rules[0].name: must not contain control characters, found U+000A at"
                + " character 6");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedWithoutReadingIt() throws IOException {
    Path file = dir.resolve("huge.json");
    Files.write(file, new byte[RuleSetFile.MAX_BYTES + 1]);

    assertThatThrownBy(() -> RuleSetFile.open(file).load())
        .isInstanceOf(RuleSetException.class)
        .hasMessage(file + ": the file is 4194305 bytes long; the limit is 4194304");
    assertThatThrownBy(() -> JsonFileGlobalOptionsStore.open(file).load())
        .isInstanceOf(OptionsException.class)
        .hasMessage(file + ": the file is 4194305 bytes long; the limit is 4194304");
  }

  @Test
  void optionValuesHaveLimitsAndNoControlCharacters() throws IOException {
    Path global = dir.resolve("global.json");
    Files.writeString(
        global,
        "{\"version\": 1, \"protectedAccounts\": [\""
            + "a".repeat(257)
            + "\", \"boss@example.test\\u001b\"]}");
    assertThatThrownBy(() -> JsonFileGlobalOptionsStore.open(global).load())
        .isInstanceOfSatisfying(
            OptionsException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "protectedAccounts[0]: is 257 characters long; the limit is 256",
                        "protectedAccounts[1]: must not contain control characters, found U+001B at"
                            + " character 18"));

    Files.writeString(
        dir.resolve(LocalOptionsStore.FILE_NAME),
        "{\"version\": 1, \"proxy\": \"proxy\\u001b.example:3128\"}");
    assertThatThrownBy(() -> LocalOptionsStore.open(dir).load())
        .isInstanceOf(OptionsException.class)
        .hasMessage(
            dir.resolve(LocalOptionsStore.FILE_NAME)
                + ": proxy: must not contain control characters, found U+001B at character 6");
  }

  @Test
  void ruleSetAndOptionsFilesAreWrittenOwnerOnly() throws IOException {
    Path rules = dir.resolve("etc/umt/rules.json");
    RuleSetFile.open(rules).save(RuleSet.of(RuleSetFileTest.readmeRules()));
    Path global = dir.resolve("shared/global.json");
    JsonFileGlobalOptionsStore.open(global).save(GlobalOptions.defaults());
    LocalOptionsStore local = LocalOptionsStore.open(dir.resolve("data"));
    local.save(LocalOptions.defaults());

    assertThat(permissions(rules)).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("etc"))).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("etc/umt"))).isEqualTo("rwx------");
    assertThat(permissions(global)).isEqualTo("rw-------");
    assertThat(permissions(global.getParent())).isEqualTo("rwx------");
    assertThat(permissions(local.file())).isEqualTo("rw-------");
    assertThat(permissions(local.dataFolder())).isEqualTo("rwx------");
  }
}
