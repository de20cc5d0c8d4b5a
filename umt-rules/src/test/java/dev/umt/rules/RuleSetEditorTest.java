package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.directory.Scope;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetEditorTest {
  static final Scope SALES = Scope.container("ou-sales", "OU=Sales,DC=example,DC=com", true);
  static final Scope VPN = Scope.group("grp-vpn", "CN=VPN,OU=Groups,DC=example,DC=com", true);

  @TempDir Path dir;

  @Test
  void createEditActivateDeactivateDeleteAndSave() throws Exception {
    Path path = dir.resolve("rules.json");
    RuleSetFile file = RuleSetFile.open(path, RuleSetFileTest.GROUPS);
    RuleSetEditor editor = file.edit();
    assertThat(editor.ruleSet().rules()).isEmpty();

    Rule sales =
        Rule.builder("sales", "Sales", SALES)
            .priority(20)
            .group(GroupRef.path("Sales/EMEA"))
            .build();
    Rule vpn = Rule.builder("vpn", "VPN", VPN).priority(20).grantLicense(false).build();
    Rule pilot = Rule.builder("pilot", "Pilot", SALES).priority(5).active(false).build();
    editor.add(sales).add(vpn).add(pilot);
    assertThat(editor.ruleSet().activeRules()).extracting(Rule::id).containsExactly("sales", "vpn");
    assertThat(Files.exists(path)).as("nothing is written before save()").isFalse();
    editor.save();
    assertThat(file.load().rules()).containsExactly(sales, vpn, pilot);

    editor
        .activate("pilot")
        .update("vpn", r -> r.toBuilder().priority(10).build())
        .deactivate("sales");
    assertThat(editor.ruleSet().activeRules()).extracting(Rule::id).containsExactly("pilot", "vpn");
    // replace() puts the whole rule as given: here, the deactivated rule with a new name.
    editor
        .replace(
            editor.ruleSet().rule("sales").orElseThrow().toBuilder().name("Sales staff").build())
        .delete("pilot");
    editor.save();

    RuleSet saved = file.load();
    assertThat(saved.rules())
        .containsExactly(
            sales.toBuilder().name("Sales staff").active(false).build(),
            vpn.toBuilder().priority(10).build());
    assertThat(saved.activeRules()).extracting(Rule::id).containsExactly("vpn");
    assertThat(file.edit().ruleSet()).isEqualTo(saved);
  }

  @Test
  void anInvalidChangeIsRefusedAndLeavesTheEditorAsItWas() {
    Path path = dir.resolve("rules.json");
    RuleSetEditor editor = RuleSetFile.open(path, RuleSetFileTest.GROUPS).edit();
    Rule sales = Rule.builder("sales", "Sales", SALES).build();
    editor.add(sales);
    RuleSet before = editor.ruleSet();

    assertThatThrownBy(() -> editor.add(Rule.builder("sales", "Sales again", VPN).build()))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(path + ": rules[1].id: duplicate id \"sales\", first used at rules[0]");
    assertThatThrownBy(
            () ->
                editor.update(
                    "sales", r -> r.toBuilder().group(GroupRef.path("Sales/Nordics")).build()))
        .hasMessage(path + ": rules[0].target.group: no GoToMyPC group \"Sales/Nordics\"");
    assertThatThrownBy(
            () -> editor.add(Rule.builder("vpn", "VPN", VPN.withFilter("(cn=*")).build()))
        .hasMessage(
            path
                + ": rules[1].source.filter: malformed LDAP filter \"(cn=*\": the filter ends where"
                + " ')' was expected at character 6");
    assertThatThrownBy(() -> editor.delete("nobody"))
        .isInstanceOf(RuleSetException.class)
        .hasMessage(path + ": no rule with id \"nobody\"");
    assertThatThrownBy(() -> editor.activate("nobody"))
        .hasMessage(path + ": no rule with id \"nobody\"");
    assertThat(editor.ruleSet()).isEqualTo(before);
  }

  @Test
  void saveRefusesToOverwriteAChangeMadeBySomeoneElse() throws Exception {
    Path path = dir.resolve("rules.json");
    RuleSetFile file = RuleSetFile.open(path);
    RuleSetEditor first = file.edit();
    first.add(Rule.builder("sales", "Sales", SALES).build()).save();

    RuleSetEditor mine = file.edit();
    RuleSetEditor theirs = file.edit();
    theirs.add(Rule.builder("vpn", "VPN", VPN).build()).save();
    mine.deactivate("sales");

    assertThatThrownBy(mine::save)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            path
                + ": changed on disk since it was opened for editing; nothing was saved: open it"
                + " again and repeat the changes");
    assertThat(file.load().rules()).extracting(Rule::id).containsExactly("sales", "vpn");
    // An editor may save several times in a row: its own write is not someone else's.
    theirs.deactivate("vpn").save();
    assertThat(file.load().activeRules()).extracting(Rule::id).containsExactly("sales");
  }

  @Test
  void editingAnInvalidFileReportsItsProblems() throws Exception {
    Path path = dir.resolve("rules.json");
    Files.writeString(path, "{\"version\": 1, \"rules\": [{\"id\": \"x\"}]}");
    assertThatThrownBy(() -> RuleSetFile.open(path).edit())
        .isInstanceOfSatisfying(
            RuleSetException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("rules[0].name: is required", "rules[0].source: is required"));
    assertThat(List.of(Files.readString(path)))
        .containsExactly("{\"version\": 1, \"rules\": [{\"id\": \"x\"}]}");
  }
}
