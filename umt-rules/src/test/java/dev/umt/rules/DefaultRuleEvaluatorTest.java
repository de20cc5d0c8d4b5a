package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.rule.Decision;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.DesiredAccount;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Membership;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DefaultRuleEvaluatorTest {
  static final String SALES = "OU=Sales,DC=example,DC=com";
  static final String EMEA = "OU=EMEA,OU=Sales,DC=example,DC=com";
  static final String VPN = "CN=VPN,OU=Groups,DC=example,DC=com";
  static final String SALES_VPN = "CN=Sales VPN,OU=Groups,DC=example,DC=com";
  static final String ANN_DN = "CN=Ann Lee,OU=EMEA,OU=Sales,DC=example,DC=com";

  /** Sales OU with sub-OUs, priority 10, group by path, licensed, email lower-cased. */
  static final Rule A =
      Rule.builder("a", "Sales", Scope.container("ou-sales", SALES, true))
          .priority(10)
          .group(GroupRef.path("Sales/EMEA"))
          .mapping(
              Map.of("email", "${mail:lower}", "firstName", "${givenName}", "lastName", "${sn}"))
          .build();

  /** VPN group with nested groups, priority 20, group by key, no license, default mapping. */
  static final Rule B =
      Rule.builder("b", "VPN users", Scope.group("grp-vpn", VPN, true))
          .priority(20)
          .group(GroupRef.key("5012"))
          .grantLicense(false)
          .onDisabled(DeprovisionAction.REVOKE_LICENSE)
          .build();

  /** EMEA OU, the same priority as A: A wins on its smaller id. */
  static final Rule C =
      Rule.builder("c", "EMEA", Scope.container("ou-emea", EMEA, false))
          .priority(10)
          .onDisabled(DeprovisionAction.DELETE)
          .build();

  /** Inactive, with the best priority of all: never decides. */
  static final Rule D =
      Rule.builder("d", "Old", Scope.container("ou-sales", SALES, true))
          .priority(1)
          .active(false)
          .build();

  /** Does not create new accounts. */
  static final Rule E =
      Rule.builder("e", "No create", Scope.container("ou-sales", SALES, true))
          .priority(30)
          .create(false)
          .build();

  static final Map<String, List<String>> VIA =
      Map.of(
          "a",
          List.of(SALES, EMEA),
          "b",
          List.of(VPN, SALES_VPN),
          "c",
          List.of(EMEA),
          "d",
          List.of(SALES, EMEA),
          "e",
          List.of(SALES, EMEA),
          "x",
          List.of("OU=Unknown,DC=example,DC=com"));

  static final DirectoryUser ANN =
      DirectoryUser.builder("u-ann", ANN_DN, "alee")
          .email("Ann.Lee@Example.com")
          .givenName("Ann")
          .surname("Lee")
          .build();

  enum Who {
    ENABLED(ANN),
    DISABLED(ANN.toBuilder().enabled(false).build()),
    NO_SURNAME(ANN.toBuilder().surname(null).build()),
    NO_SURNAME_DISABLED(ANN.toBuilder().surname(null).enabled(false).build()),
    NO_MAIL_NO_GIVEN_NAME(ANN.toBuilder().email(null).givenName(" ").build()),
    MAIL_NOT_AN_ADDRESS(ANN.toBuilder().email("ann.lee").build());

    final DirectoryUser user;

    Who(DirectoryUser user) {
      this.user = user;
    }
  }

  static Decision provision(Rule rule, DesiredAccount account, String reason, String... others) {
    return new Decision.Provision(rule.id(), account, reason, List.of(others));
  }

  static final DesiredAccount ANN_IN_A =
      new DesiredAccount("ann.lee@example.com", "Ann", "Lee", GroupRef.path("Sales/EMEA"), true);
  static final String A_DECIDES =
      "rule \"a\" (priority 10) decides for " + ANN_DN + ": in " + SALES + " > " + EMEA;

  static Stream<Arguments> truthTable() {
    return Stream.of(
        Arguments.of(
            "in scope of no rule",
            List.of(A, B),
            List.of(),
            Who.ENABLED,
            new Decision.NotCovered("no active rule holds " + ANN_DN)),
        Arguments.of(
            "in scope of one OU rule",
            List.of(A, B),
            List.of("a"),
            Who.ENABLED,
            provision(A, ANN_IN_A, A_DECIDES)),
        Arguments.of(
            "in scope of one group rule, through nested groups",
            List.of(A, B),
            List.of("b"),
            Who.ENABLED,
            provision(
                B,
                new DesiredAccount(
                    "Ann.Lee@Example.com", "Ann", "Lee", GroupRef.key("5012"), false),
                "rule \"b\" (priority 20) decides for "
                    + ANN_DN
                    + ": member of "
                    + VPN
                    + " > "
                    + SALES_VPN)),
        Arguments.of(
            "two rules: the smaller priority decides",
            List.of(A, B),
            List.of("a", "b"),
            Who.ENABLED,
            provision(A, ANN_IN_A, A_DECIDES + "; also in scope: rule \"b\" (priority 20)", "b")),
        Arguments.of(
            "two rules given in the wrong order: still the smaller priority",
            List.of(B, A),
            List.of("a", "b"),
            Who.ENABLED,
            provision(A, ANN_IN_A, A_DECIDES + "; also in scope: rule \"b\" (priority 20)", "b")),
        Arguments.of(
            "a tie on priority goes to the smaller id",
            List.of(C, A),
            List.of("a", "c"),
            Who.ENABLED,
            provision(A, ANN_IN_A, A_DECIDES + "; also in scope: rule \"c\" (priority 10)", "c")),
        Arguments.of(
            "four rules: the others in priority order",
            List.of(E, B, C, A),
            List.of("a", "b", "c", "e"),
            Who.ENABLED,
            provision(
                A,
                ANN_IN_A,
                A_DECIDES
                    + "; also in scope: rule \"c\" (priority 10), rule \"b\" (priority 20),"
                    + " rule \"e\" (priority 30)",
                "c",
                "b",
                "e")),
        Arguments.of(
            "an inactive rule is ignored even with the best priority",
            List.of(D, B),
            List.of("b", "d"),
            Who.ENABLED,
            provision(
                B,
                new DesiredAccount(
                    "Ann.Lee@Example.com", "Ann", "Lee", GroupRef.key("5012"), false),
                "rule \"b\" (priority 20) decides for "
                    + ANN_DN
                    + ": member of "
                    + VPN
                    + " > "
                    + SALES_VPN)),
        Arguments.of(
            "only an inactive rule holds the user",
            List.of(D),
            List.of("d"),
            Who.ENABLED,
            new Decision.NotCovered("no active rule holds " + ANN_DN)),
        Arguments.of(
            "a scope for a rule not given is ignored",
            List.of(A),
            List.of("x"),
            Who.ENABLED,
            new Decision.NotCovered("no active rule holds " + ANN_DN)),
        Arguments.of(
            "disabled, in scope of one rule",
            List.of(B),
            List.of("b"),
            Who.DISABLED,
            new Decision.Disabled(
                "b",
                "rule \"b\" (priority 20) decides for "
                    + ANN_DN
                    + ": member of "
                    + VPN
                    + " > "
                    + SALES_VPN
                    + "; the user is disabled, action REVOKE_LICENSE")),
        Arguments.of(
            "disabled, in scope of two rules: the deciding rule's action",
            List.of(A, C),
            List.of("a", "c"),
            Who.DISABLED,
            new Decision.Disabled(
                "a",
                A_DECIDES
                    + "; the user is disabled, action SUSPEND; also in scope: rule \"c\" (priority"
                    + " 10)")),
        Arguments.of(
            "disabled, in scope of no rule",
            List.of(A),
            List.of(),
            Who.DISABLED,
            new Decision.NotCovered("no active rule holds " + ANN_DN)),
        Arguments.of(
            "missing last name: skipped with the reason",
            List.of(A, B),
            List.of("a", "b"),
            Who.NO_SURNAME,
            new Decision.Skip(
                "a",
                "user "
                    + ANN_DN
                    + ": no value for lastName: template ${sn} is empty (rule \"a\")")),
        Arguments.of(
            "missing last name but disabled: the disabled action applies",
            List.of(A),
            List.of("a"),
            Who.NO_SURNAME_DISABLED,
            new Decision.Disabled("a", A_DECIDES + "; the user is disabled, action SUSPEND")),
        Arguments.of(
            "missing email and first name: both named",
            List.of(B),
            List.of("b"),
            Who.NO_MAIL_NO_GIVEN_NAME,
            new Decision.Skip(
                "b",
                "user "
                    + ANN_DN
                    + ": no value for email: template ${mail} is empty;"
                    + " no value for firstName: template ${givenName} is empty (rule \"b\")")),
        Arguments.of(
            "an email without @ is skipped",
            List.of(A),
            List.of("a"),
            Who.MAIL_NOT_AN_ADDRESS,
            new Decision.Skip(
                "a",
                "user "
                    + ANN_DN
                    + ": \"ann.lee\" from template ${mail:lower} is not an email address (rule"
                    + " \"a\")")),
        Arguments.of(
            "a rule that does not create still decides, and says so",
            List.of(E),
            List.of("e"),
            Who.ENABLED,
            provision(
                E,
                new DesiredAccount("Ann.Lee@Example.com", "Ann", "Lee", null, true),
                "rule \"e\" (priority 30) decides for "
                    + ANN_DN
                    + ": in "
                    + SALES
                    + " > "
                    + EMEA
                    + "; the rule does not create new accounts")),
        Arguments.of(
            "create off, but a creating rule with better priority decides",
            List.of(E, A),
            List.of("a", "e"),
            Who.ENABLED,
            provision(A, ANN_IN_A, A_DECIDES + "; also in scope: rule \"e\" (priority 30)", "e")),
        Arguments.of(
            "create off and the better rule is inactive",
            List.of(E, D),
            List.of("d", "e"),
            Who.ENABLED,
            provision(
                E,
                new DesiredAccount("Ann.Lee@Example.com", "Ann", "Lee", null, true),
                "rule \"e\" (priority 30) decides for "
                    + ANN_DN
                    + ": in "
                    + SALES
                    + " > "
                    + EMEA
                    + "; the rule does not create new accounts")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truthTable")
  void decides(
      String situation, List<Rule> rules, List<String> inScopeOf, Who who, Decision expected) {
    Map<String, List<String>> via = new LinkedHashMap<>();
    inScopeOf.forEach(id -> via.put(id, VIA.get(id)));
    RuleEvaluator evaluator = DefaultRuleEvaluator.create();
    Decision decision = evaluator.evaluate(who.user, new Membership(via), rules);
    assertThat(decision).isEqualTo(expected);
    // Deterministic: the same input, a second time and on a fresh evaluator, gives the same
    // decision.
    assertThat(evaluator.evaluate(who.user, new Membership(via), rules)).isEqualTo(expected);
    assertThat(DefaultRuleEvaluator.create().evaluate(who.user, new Membership(via), rules))
        .isEqualTo(expected);
  }

  @Test
  void theReasonShowsTheCurrentPathNotTheStoredDn() {
    Map<String, List<String>> via = Map.of("c", List.of("OU=Europe,OU=Regions,DC=example,DC=com"));
    Decision d = DefaultRuleEvaluator.create().evaluate(ANN, new Membership(via), List.of(C));
    assertThat(d.reason())
        .isEqualTo(
            "rule \"c\" (priority 10) decides for "
                + ANN_DN
                + ": in OU=Europe,OU=Regions,DC=example,DC=com");
  }

  @Test
  void aRuleWithABrokenMappingIsAConfigurationError() {
    Rule broken =
        A.toBuilder()
            .mapping(Map.of("email", "${mail", "firstName", "${givenName}", "lastName", "${sn}"))
            .build();
    Rule incomplete = A.toBuilder().mapping(Map.of("email", "${mail}")).build();
    Membership m = new Membership(Map.of("a", List.of(SALES)));
    assertThatThrownBy(() -> DefaultRuleEvaluator.create().evaluate(ANN, m, List.of(broken)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "rule \"a\": mapping.email: malformed template \"${mail\": no closing '}' for the '${'"
                + " at character 1");
    assertThatThrownBy(() -> DefaultRuleEvaluator.create().evaluate(ANN, m, List.of(incomplete)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("rule \"a\": mapping has no template for firstName");
  }

  @Test
  void foundThroughTheProviderRegistry() {
    Providers providers = Providers.load(getClass().getClassLoader());
    assertThat(providers.ruleEvaluatorTypes()).contains("default");
    RuleEvaluator evaluator =
        providers.ruleEvaluator("default").create(Settings.of("umt.properties", Map.of()));
    assertThat(evaluator).isInstanceOf(DefaultRuleEvaluator.class);
    assertThat(
            evaluator.evaluate(ANN, new Membership(Map.of("a", List.of(SALES, EMEA))), List.of(A)))
        .isEqualTo(provision(A, ANN_IN_A, A_DECIDES));
    assertThatThrownBy(
            () ->
                providers
                    .ruleEvaluator("default")
                    .create(Settings.of("umt.properties", Map.of("strict", "true"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("umt.properties: the default rule evaluator takes no settings, but got strict");
  }

  /** The email check is the regular expression it replaced, {@code [^@\s]+@[^@\s]+}, exactly. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "ann@example.com",
        "a@b",
        "ann.lee",
        "@example.com",
        "ann@",
        "@",
        "",
        "ann@@example.com",
        "ann@ex@ample.com",
        "ann lee@example.com",
        "ann@example.com ",
        "ann\t@example.com",
        "ann@exa\nmple.com",
        "ann@exa\u000Bmple.com",
        "ann@exa\fmple.com",
        "ann@example.com\r",
        "ann\u00A0lee@example.com",
        "änn@exämple.com",
        "ann@example.com\u0000"
      })
  void theEmailCheckAcceptsWhatTheRegularExpressionAccepts(String value) {
    assertThat(DefaultRuleEvaluator.isEmail(value))
        .as("\"%s\"", value)
        .isEqualTo(java.util.regex.Pattern.matches("[^@\\s]+@[^@\\s]+", value));
  }
}
