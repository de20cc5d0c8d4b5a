package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.TemporaryFailureException;
import dev.umt.gotomypc.StandInFixture;
import dev.umt.target.AccountPatch;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInUser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults injected at each call of a create (the license lookup, the batch POST, the group PUT), as
 * 5xx and 429 storms, resets and timeouts: a failure before any account exists escapes whole; a
 * failure after the accounts exist never escapes and never hides them, it makes their results
 * {@link CreateResult.Outcome#PARTIAL} with what is missing.
 */
class GoToMyPcTargetFaultTest {
  private static final String USERS = ".*/users";
  private static final String ONE_USER = ".*/users/[^/]+";

  private StandInFixture fixture;
  private GoToMyPcTarget target;

  @BeforeEach
  void setUp() {
    fixture = new StandInFixture(GoToMyPcStandIn.builder());
    target =
        GoToMyPcTarget.builder()
            .client(fixture.client().requestTimeout(Duration.ofMillis(300)).build())
            .company("Example Corp")
            .ownsClient(true)
            .build();
    // Resolve the company and license first, so the faults below meet the create's own calls.
    assertThat(target.license()).isEqualTo(fixture.license);
  }

  @AfterEach
  void tearDown() {
    target.close();
    fixture.close();
  }

  private List<NewAccount> threeInEmea() {
    return List.of(
        new NewAccount("a@example.test", "A", "Ay", fixture.emea, true, false),
        new NewAccount("b@example.test", "B", "Bee", fixture.emea, true, false),
        new NewAccount("c@example.test", "C", "Cee", null, true, false));
  }

  /**
   * A storm on the group PUTs: the accounts exist, licensed; the first two are partial (their PUTs
   * failed, or one was not started after the other failed), the third needed none.
   */
  private void assertGroupStormGivesPartials(String expectedCause) {
    assertGroupStormGivesPartials(expectedCause, true);
  }

  /**
   * {@code surelyMissing} false for timeouts: the service may have set the group after the client
   * gave up.
   */
  private void assertGroupStormGivesPartials(String expectedCause, boolean surelyMissing) {
    List<CreateResult> results = target.create(threeInEmea());

    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsExactly(
            CreateResult.Outcome.PARTIAL,
            CreateResult.Outcome.PARTIAL,
            CreateResult.Outcome.CREATED);
    AccountPatch noGroup = new AccountPatch(null, null, null, fixture.emea, null);
    assertThat(results.get(0).missing()).isEqualTo(noGroup);
    assertThat(results.get(1).missing()).isEqualTo(noGroup);
    // The two PUTs go out together: each failed, or was not started after the other's failure,
    // for the storm's cause or for the circuit breaker that the storm's failures opened (together
    // the two PUTs' retries are enough to open it).
    for (CreateResult r : results.subList(0, 2)) {
      assertThat(r.message())
          .matches(
              "(setting the group "
                  + fixture.emea
                  + " failed|the group "
                  + fixture.emea
                  + " was not set after an earlier failure): GoToMyPC .*")
          .containsAnyOf(expectedCause, "circuit breaker open after repeated failures");
    }
    for (CreateResult r : results) {
      StandInUser u = fixture.standIn.user(fixture.company, r.email()).orElseThrow();
      assertThat(u.key()).isEqualTo(r.key());
      assertThat(u.licenseKeys()).containsExactly(fixture.license);
      if (surelyMissing || r.outcome() == CreateResult.Outcome.CREATED) {
        assertThat(u.groupKey()).as("the stand-in's default group").isNotEqualTo(fixture.emea);
      }
    }
  }

  @Test
  void a503StormOnTheGroupCallLeavesTheAccountsPartialNeverLost() {
    fixture.standIn.failCalls("PUT", ONE_USER, 20, 503);
    assertGroupStormGivesPartials("503");
  }

  @Test
  void a429StormOnTheGroupCallLeavesTheAccountsPartialNeverLost() {
    fixture.standIn.failCalls("PUT", ONE_USER, 20, 429);
    assertGroupStormGivesPartials("429");
  }

  @Test
  void resetsOnTheGroupCallLeaveTheAccountsPartialNeverLost() {
    fixture.standIn.failCalls("PUT", ONE_USER, 20, 0);
    assertGroupStormGivesPartials("I/O error");
  }

  @Test
  void timeoutsOnTheGroupCallLeaveTheAccountsPartialNeverLost() {
    fixture.standIn.failCalls("PUT", ONE_USER, 20, -1000);
    assertGroupStormGivesPartials("timed out", false);
  }

  @Test
  void aGroupCallThatSucceedsOnRetryGivesCreated() {
    fixture.standIn.failCalls("PUT", ONE_USER, 2, 503);

    assertThat(target.create(threeInEmea()))
        .extracting(CreateResult::outcome)
        .containsOnly(CreateResult.Outcome.CREATED);
    assertThat(fixture.standIn.user(fixture.company, "a@example.test").orElseThrow().groupKey())
        .isEqualTo(fixture.emea);
  }

  @Test
  void aStormOnTheBatchCallEscapesWholeBeforeAnyAccountExists() {
    fixture.standIn.failCalls("POST", USERS, 20, 503);

    assertThatThrownBy(() -> target.create(threeInEmea()))
        .isInstanceOf(TemporaryFailureException.class)
        .hasMessageContaining("503");
    assertThat(fixture.standIn.users(fixture.company)).isEmpty();
  }

  @Test
  void resetsOnTheBatchCallEscapeWhole() {
    fixture.standIn.failCalls("POST", USERS, 20, 0);
    assertThatThrownBy(() -> target.create(threeInEmea()))
        .isInstanceOf(TemporaryFailureException.class)
        .hasMessageContaining("I/O error");
    assertThat(fixture.standIn.users(fixture.company)).isEmpty();
  }

  @Test
  void timeoutsOnTheBatchCallEscapeWhole() {
    fixture.standIn.failCalls("POST", USERS, 20, -1000);
    assertThatThrownBy(() -> target.create(threeInEmea()))
        .isInstanceOf(TemporaryFailureException.class)
        .hasMessageContaining("timed out");
  }

  @Test
  void aStormOnTheLicenseLookupEscapesBeforeAnythingIsCreated() {
    GoToMyPcTarget fresh =
        GoToMyPcTarget.builder()
            .client(fixture.client().build())
            .company("Example Corp")
            .ownsClient(true)
            .build();
    try {
      fixture.standIn.failCalls("GET", ".*/licenses", 20, 503);
      assertThatThrownBy(() -> fresh.create(threeInEmea()))
          .isInstanceOf(TemporaryFailureException.class)
          .hasMessageContaining("503");
      assertThat(fixture.standIn.users(fixture.company)).isEmpty();
    } finally {
      fresh.close();
    }
  }

  @Test
  void aStormOnTheSecondBatchKeepsTheFirstBatchsAccountsAndSetsTheirGroups() {
    // Invited and not invited accounts go in two POSTs: the first succeeds, the second meets a 503
    // storm.
    List<NewAccount> accounts =
        List.of(
            new NewAccount("inv@example.test", "I", "Nv", fixture.emea, true, true),
            new NewAccount("quiet@example.test", "Q", "Uiet", fixture.emea, true, false));
    fixture.standIn.failCallsAfter(1, "POST", USERS, 20, 503);

    List<CreateResult> results = target.create(accounts);

    CreateResult created =
        results.stream()
            .filter(r -> r.outcome() == CreateResult.Outcome.CREATED)
            .findFirst()
            .orElseThrow();
    CreateResult refused =
        results.stream()
            .filter(r -> r.outcome() == CreateResult.Outcome.REJECTED)
            .findFirst()
            .orElseThrow();
    assertThat(refused.message()).startsWith("not created: ").contains("503");
    assertThat(fixture.standIn.users(fixture.company))
        .extracting(StandInUser::email)
        .containsExactly(created.email());
    assertThat(fixture.standIn.user(fixture.company, created.email()).orElseThrow().groupKey())
        .isEqualTo(fixture.emea);
  }
}
