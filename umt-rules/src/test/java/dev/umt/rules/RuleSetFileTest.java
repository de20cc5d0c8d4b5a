package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.directory.Scope;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Grace;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.Threshold;
import dev.umt.target.TargetGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetFileTest {
  static final List<TargetGroup> GROUPS =
      List.of(
          new TargetGroup("1", "Sales", null),
          new TargetGroup("2", "EMEA", "1"),
          new TargetGroup("3", "Americas", "1"),
          new TargetGroup("4", "EMEA", null),
          new TargetGroup("5012", "Contractors", null),
          new TargetGroup("7", "Support", null),
          new TargetGroup("8", "Tier 1", "7"),
          new TargetGroup("9", "Tier 1", "7"));

  @TempDir Path dir;

  /** The example in README.md, so the documentation cannot drift from the code. */
  static String readmeExample() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## The rule-set document");
    int start = readme.indexOf("```json\n", section) + "```json\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  static List<Rule> readmeRules() {
    Rule salesEmea =
        Rule.builder(
                "sales-emea",
                "Sales EMEA",
                Scope.container(
                        "3f2c1a9e-5b7d-4c1e-9a0b-2d4e6f8a0c1e",
                        "OU=EMEA,OU=Sales,DC=example,DC=com",
                        true)
                    .withFilter("(&(objectClass=user)(!(title=Intern*)))"))
            .priority(10)
            .group(GroupRef.path("Sales/EMEA"))
            .grantLicense(true)
            .mapping(
                Map.of(
                    "email",
                    "${mail|userPrincipalName:trim:lower}",
                    "firstName",
                    "${givenName:trim}",
                    "lastName",
                    "${sn:trim}"))
            .grace(new Grace(2, Duration.ofDays(3)))
            .threshold(new Threshold(25, 10))
            .build();
    Rule contractors =
        Rule.builder(
                "contractors",
                "Contractors (nested groups)",
                Scope.group(
                    "8d1e0f7a-2c3b-4a5d-8e9f-0a1b2c3d4e5f",
                    "CN=Contractors,OU=Groups,DC=example,DC=com",
                    true))
            .priority(50)
            .group(GroupRef.key("5012"))
            .grantLicense(false)
            .mapping(
                Map.of(
                    "email",
                    "${mail:lower}",
                    "firstName",
                    "${givenName|'Contractor'}",
                    "lastName",
                    "${sn|displayName}"))
            .invite(false)
            .onDisabled(DeprovisionAction.REVOKE_LICENSE)
            .onLeave(DeprovisionAction.DELETE)
            .grace(Grace.of(Duration.ofHours(12)))
            .build();
    Rule allStaff =
        Rule.builder(
                "all-staff",
                "Everyone else (inactive while we pilot)",
                Scope.container(
                    "0b9a8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d", "OU=Staff,DC=example,DC=com", false))
            .active(false)
            .build();
    return List.of(salesEmea, contractors, allStaff);
  }

  @Test
  void theReadmeExampleLoadsAsDocumented() throws IOException {
    Path file = dir.resolve("rules.json");
    Files.writeString(file, readmeExample());
    RuleSet set = RuleSetFile.open(file, GROUPS).load();
    assertThat(set.rules()).containsExactlyElementsOf(readmeRules());
    assertThat(set.activeRules()).extracting(Rule::id).containsExactly("sales-emea", "contractors");
    assertThat(set.rule("all-staff")).hasValue(readmeRules().get(2));
    assertThat(set.rule("nobody")).isEmpty();
  }

  @Test
  void savedRulesLoadBackEqualAndTheTextIsStable() throws IOException {
    Path file = dir.resolve("sub/rules.json");
    RuleSetFile rules = RuleSetFile.open(file, GROUPS);
    RuleSet set = RuleSet.of(readmeRules(), GROUPS);
    rules.save(set);
    String first = Files.readString(file);
    assertThat(first)
        .isEqualTo(set.toJson())
        .startsWith("{\n  \"version\": 1,\n  \"rules\": [\n    {\n      \"id\": \"sales-emea\",");
    RuleSet loaded = rules.load();
    assertThat(loaded).isEqualTo(set);
    rules.save(loaded);
    assertThat(Files.readString(file)).isEqualTo(first);
    assertThat(RuleSet.fromJson(first, "text")).isEqualTo(set);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void theDefaultsOfAMinimalRule() {
    RuleSet set =
        RuleSet.fromJson(
            """
            {"version": 1, "rules": [{"id": "r", "name": "R",
              "source": {"kind": "GROUP", "id": "g1", "dn": "CN=G,DC=x", "recursive": false}}]}\
            """,
            "min.json");
    assertThat(set.rules())
        .containsExactly(Rule.builder("r", "R", Scope.group("g1", "CN=G,DC=x", false)).build());
    Rule r = set.rules().get(0);
    assertThat(r.active()).isTrue();
    assertThat(r.priority()).isEqualTo(100);
    assertThat(r.group()).isNull();
    assertThat(r.grantLicense()).isTrue();
    assertThat(r.mapping()).isEqualTo(Rule.DEFAULT_MAPPING);
    assertThat(r.create() && r.invite() && r.update()).isTrue();
    assertThat(r.onDisabled()).isEqualTo(DeprovisionAction.SUSPEND);
    assertThat(r.onLeave()).isEqualTo(DeprovisionAction.SUSPEND);
    assertThat(r.grace()).isEqualTo(Grace.NONE);
    assertThat(r.threshold()).isNull();
    assertThat(RuleSet.fromJson("{\"version\": 1, \"rules\": []}", "empty.json").rules()).isEmpty();
  }

  @Test
  void everyProblemIsReportedWithItsPath() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        """
        {
          "version": 1,
          "owner": "it",
          "rules": [
            {"id": "sales", "name": "Sales", "priority": "high",
             "source": {"kind": "CONTAINER", "id": "ou1", "dn": "OU=Sales,DC=x", "recursive": true,
                        "filter": "(department=Sales"},
             "target": {"group": "Sales/EMEA", "licence": true}},
            {"id": "sales", "name": " ", "active": "yes",
             "source": {"kind": "OU", "id": "ou2", "dn": "OU=Staff,DC=x"},
             "onLeave": "ARCHIVE"},
            {"id": "sales", "name": "Sales again",
             "source": {"kind": "GROUP", "id": "", "dn": "CN=G,DC=x", "recursive": false},
             "target": {"group": "Sales/Nordics", "groupKey": "2"}},
            {"id": "eu support", "name": "EU support",
             "source": {"kind": "GROUP", "id": "g2", "dn": "CN=Support,DC=x", "recursive": true,
                        "filter": "department=Support"},
             "target": {"group": "Support/Tier 1"},
             "mapping": {"email": "${mail|}", "firstName": "${givenName:capitalize}", "phone": "${telephoneNumber}"},
             "grace": {"runs": -1, "duration": "3 days"},
             "threshold": {"maxCount": -5, "maxPercent": 150}},
            {"id": "eu", "name": "EU", "priority": 2.5,
             "source": {"kind": "CONTAINER", "id": "ou3", "dn": "OU=EU,DC=x", "recursive": true},
             "target": {"group": "Sales//EMEA"},
             "grace": {"duration": "-P1D"}},
            {"id": "keyed", "name": "Keyed",
             "source": {"kind": "CONTAINER", "id": "ou4", "dn": "OU=K,DC=x", "recursive": true},
             "target": {"groupKey": "999"}},
            null,
            ["not", "a rule"]
          ]
        }
        """);
    assertThatThrownBy(() -> RuleSetFile.open(file, GROUPS).load())
        .isInstanceOfSatisfying(
            RuleSetException.class,
            e -> {
              assertThat(e.origin()).isEqualTo(file.toString());
              assertThat(e.problems())
                  .containsExactly(
                      "owner: unknown field; known fields: version, rules",
                      "rules[0].priority: must be a whole number, not \"high\"",
                      "rules[0].target.licence: unknown field; known fields: group, groupKey,"
                          + " license",
                      "rules[1].active: must be true or false, not \"yes\"",
                      "rules[1].source.kind: must be one of CONTAINER, GROUP, not \"OU\"",
                      "rules[1].source.recursive: is required",
                      "rules[1].onLeave: must be one of NOTHING, SUSPEND, REVOKE_LICENSE, DELETE,"
                          + " not \"ARCHIVE\"",
                      "rules[1].id: duplicate id \"sales\", first used at rules[0]",
                      "rules[2].id: duplicate id \"sales\", first used at rules[0]",
                      "rules[2].source.id: must not be blank",
                      "rules[2].target: give group or groupKey, not both",
                      "rules[3].id: \"eu support\" is not a valid id (letters, digits, '.', '_' and"
                          + " '-', starting with a letter or digit)",
                      "rules[3].source.filter: malformed LDAP filter \"department=Support\": a"
                          + " filter starts with '(' (write (department=Support) for a single"
                          + " condition)",
                      "rules[3].target.group: GoToMyPC group \"Support/Tier 1\" is ambiguous, keys"
                          + " 8, 9; name it by groupKey",
                      "rules[3].mapping.email: malformed template \"${mail|}\": empty fallback in"
                          + " ${mail|} at character 8",
                      "rules[3].mapping.firstName: malformed template \"${givenName:capitalize}\":"
                          + " unknown transform \"capitalize\" in ${givenName:capitalize} at"
                          + " character 13; known: lower, upper, trim",
                      "rules[3].mapping.phone: unknown target field; known: email, firstName,"
                          + " lastName",
                      "rules[3].mapping: no template for lastName",
                      "rules[3].grace.runs: must not be negative, not -1",
                      "rules[3].grace.duration: \"3 days\" is not an ISO-8601 duration such as P7D"
                          + " or PT12H",
                      "rules[3].threshold.maxCount: must not be negative, not -5",
                      "rules[3].threshold.maxPercent: must be 0 to 100, not 150",
                      "rules[4].priority: must be a whole number, not 2.5",
                      "rules[5].target.groupKey: no GoToMyPC group with key \"999\"",
                      "rules[6]: must not be null",
                      "rules[7]: must be an object, not a list");
              assertThat(e.getMessage())
                  .startsWith(
                      file
                          + ": 26 problems:\n"
                          + "  owner: unknown field; known fields: version, rules\n"
                          + "  rules[0].priority:");
            });
  }

  @Test
  void groupReferencesAreCheckedAgainstTheTargetGroups() {
    String doc =
        """
        {"version": 1, "rules": [
          {"id": "a", "name": "A", "source": {"kind": "CONTAINER", "id": "o", "dn": "OU=A,DC=x", "recursive": true},
           "target": {"group": "Sales/EMEA"}},
          {"id": "b", "name": "B", "source": {"kind": "CONTAINER", "id": "o", "dn": "OU=A,DC=x", "recursive": true},
           "target": {"group": "EMEA"}},
          {"id": "c", "name": "C", "source": {"kind": "CONTAINER", "id": "o", "dn": "OU=A,DC=x", "recursive": true},
           "target": {"group": "Americas"}},
          {"id": "d", "name": "D", "source": {"kind": "CONTAINER", "id": "o", "dn": "OU=A,DC=x", "recursive": true},
           "target": {"group": "sales/emea"}}
        ]}\
        """;
    assertThatThrownBy(() -> RuleSet.fromJson(doc, "groups.json", GROUPS))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(
            "groups.json: 2 problems:\n"
                + "  rules[2].target.group: no GoToMyPC group \"Americas\"\n"
                + "  rules[3].target.group: no GoToMyPC group \"sales/emea\"");
    // Without the target's groups, references are not checked.
    assertThat(RuleSet.fromJson(doc, "groups.json").rules())
        .extracting(Rule::group)
        .containsExactly(
            GroupRef.path("Sales/EMEA"),
            GroupRef.path("EMEA"),
            GroupRef.path("Americas"),
            GroupRef.path("sales/emea"));
    // A group that does not exist: the example message of the issue.
    assertThatThrownBy(
            () -> RuleSet.fromJson(doc, "groups.json", List.of(new TargetGroup("4", "EMEA", null))))
        .isInstanceOfSatisfying(
            RuleSetException.class,
            e ->
                assertThat(e.problems())
                    .startsWith("rules[0].target.group: no GoToMyPC group \"Sales/EMEA\""));
  }

  @Test
  void documentLevelProblems() throws IOException {
    assertThatThrownBy(() -> RuleSet.fromJson("{\"version\": 2, \"rules\": []}", "v2.json"))
        .hasMessage("v2.json: version: unsupported version 2; this UMT reads version 1");
    assertThatThrownBy(() -> RuleSet.fromJson("{\"rules\": {}}", "r.json"))
        .hasMessage(
            "r.json: 2 problems:\n  version: is required\n  rules: must be a list, not an object");
    assertThatThrownBy(() -> RuleSet.fromJson("[]", "list.json"))
        .hasMessage("list.json: the document: must be an object, not a list");
    assertThatThrownBy(() -> RuleSet.fromJson("{\"version\": 1, \"rules\": [}", "broken.json"))
        .hasMessage(
            "broken.json: not valid JSON at line 1 column 26: Expected value at path $.rules[0]");
    assertThatThrownBy(
            () -> RuleSet.fromJson("{\"version\": 1, \"version\": 1, \"rules\": []}", "twice.json"))
        .hasMessage(
            "twice.json: not valid JSON at line 1 column 28: Map key 'version' has multiple values"
                + " at path $.version: 1.0 and 1.0");
    assertThatThrownBy(() -> RuleSet.fromJson("{\"version\": 1, \"rules\": []} x", "tail.json"))
        .hasMessage(
            "tail.json: not valid JSON at line 1 column 29: text after the end of the JSON document"
                + " at path $");
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> RuleSetFile.open(missing).load())
        .isInstanceOf(RuleSetException.class)
        .hasMessage(missing + ": the file does not exist");
    Path latin1 = dir.resolve("latin1.json");
    Files.write(latin1, new byte[] {'{', '"', (byte) 0xE9, '"', '}'});
    assertThatThrownBy(() -> RuleSetFile.open(latin1).load())
        .hasMessage(latin1 + ": the file is not UTF-8 text");
  }

  @Test
  void rulesBuiltInCodeAreCheckedLikeAFile() {
    Scope ou = Scope.container("ou1", "OU=Sales,DC=x", true);
    Rule good = Rule.builder("sales", "Sales", ou).build();
    Rule badFilter =
        Rule.builder("filtered", "Filtered", ou.withFilter("(cn=a"))
            .group(GroupRef.path("Nowhere"))
            .build();
    Rule badMapping =
        Rule.builder("mapped", "Mapped", ou).mapping(Map.of("email", "${mail:lower")).build();
    assertThatThrownBy(() -> RuleSet.of(List.of(good, badFilter, badMapping, good), GROUPS))
        .isInstanceOfSatisfying(
            RuleSetException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "rules[1].source.filter: malformed LDAP filter \"(cn=a\": the filter ends"
                            + " where ')' was expected at character 6",
                        "rules[1].target.group: no GoToMyPC group \"Nowhere\"",
                        "rules[2].mapping.email: malformed template \"${mail:lower\": no closing"
                            + " '}' for the '${' at character 1",
                        "rules[2].mapping: no template for firstName",
                        "rules[2].mapping: no template for lastName",
                        "rules[3].id: duplicate id \"sales\", first used at rules[0]"));
    assertThat(RuleSet.of(List.of(good)).rules()).containsExactly(good);
  }

  @Test
  void aRuleSetFileThatCannotBeWrittenSaysWhich() throws IOException {
    // Tests run as root, whom permission bits do not stop: a file where the folder should be does.
    Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
    Path path = notAFolder.resolve("rules.json");
    assertThatThrownBy(() -> RuleSetFile.open(path).save(RuleSet.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            path
                + ": cannot write the rule set: java.nio.file.FileAlreadyExistsException: "
                + notAFolder);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(notAFolder);
    }
  }

  @Test
  void aRuleSetPathThatIsAFolderIsARuleSetErrorNamingIt() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("rules.json"));
    String message =
        folder + ": is a folder, not a rule-set file; give the path of the JSON file in it";
    assertThatThrownBy(() -> RuleSetFile.open(folder).load())
        .isInstanceOf(RuleSetException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> RuleSetFile.open(folder).edit())
        .isInstanceOf(RuleSetException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> RuleSetFile.open(folder).save(RuleSet.empty()))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(message);
  }
}
