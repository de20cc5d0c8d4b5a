package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.gotomypc.StandInFixture;
import dev.umt.target.AccountStatus;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import dev.umt.target.TargetInfo;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInUser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The GoToMyPC target beyond the contract: batches, existing users in both service behaviours,
 * rejected users, groups.
 */
class GoToMyPcTargetTest {
  private StandInFixture fixture;
  private GoToMyPcTarget target;

  private GoToMyPcTarget start(GoToMyPcStandIn.Builder standIn, Duration indexMaxAge) {
    fixture = new StandInFixture(standIn);
    target =
        GoToMyPcTarget.builder()
            .client(fixture.client().build())
            .company("Example Corp")
            .ownsClient(true)
            .indexMaxAge(indexMaxAge)
            .build();
    return target;
  }

  @AfterEach
  void tearDown() {
    target.close();
    fixture.close();
  }

  private static NewAccount account(String who, String groupKey, boolean licensed, boolean invite) {
    return new NewAccount(
        who + "@example.test", "First-" + who, "Last-" + who, groupKey, licensed, invite);
  }

  @Test
  void describesTheBatchSizeAndPaceWithoutCallingTheService() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    assertThat(target.describe())
        .isEqualTo(new TargetInfo("GoToMyPC company Example Corp", 100, 10.0, 4));
    assertThat(fixture.standIn.requestCount()).isZero();
  }

  @Test
  void createsInBatchesGrantsTheLicensePutsUsersInTheirGroupAndInvitesOnlyThoseAsked() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    List<NewAccount> accounts = new ArrayList<>();
    for (int i = 0; i < 230; i++) {
      accounts.add(account("u" + i, i == 7 ? fixture.emea : null, i % 2 == 0, i < 5));
    }
    List<CreateResult> results = target.create(accounts);
    assertThat(results)
        .hasSize(230)
        .extracting(CreateResult::outcome)
        .containsOnly(CreateResult.Outcome.CREATED);
    assertThat(results.get(7).email()).isEqualTo("u7@example.test");
    String company = fixture.company;
    assertThat(fixture.standIn.users(company)).hasSize(230);
    StandInUser u7 = fixture.standIn.user(company, "u7@example.test").orElseThrow();
    assertThat(u7)
        .isEqualTo(
            new StandInUser(
                results.get(7).key(),
                "u7@example.test",
                "First-u7",
                "Last-u7",
                List.of(),
                fixture.emea,
                "ACTIVE",
                false));
    assertThat(fixture.standIn.user(company, "u2@example.test").orElseThrow().invited()).isTrue();
    assertThat(fixture.standIn.user(company, "u4@example.test").orElseThrow().licenseKeys())
        .containsExactly(fixture.license);
    assertThat(fixture.standIn.seatsUsed(company, fixture.license)).isEqualTo(115);
    long posts =
        fixture.standIn.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith("/users"))
            .count();
    assertThat(posts).as("5 invited in one batch, 225 others in three").isEqualTo(4);
    assertThat(fixture.standIn.tooManyRequestsCount()).isZero();
  }

  @Test
  void aUserInvitedByHandAfterTheIndexIsFoundAsExistingWhenTheServiceAnswers409() {
    start(GoToMyPcStandIn.builder().conflictOnExisting(true), Duration.ofHours(1));
    target.create(List.of(account("first", null, false, false)));
    String late = fixture.standIn.addUser(fixture.company, "late@example.test", "Late", "Comer");
    List<CreateResult> results =
        target.create(
            List.of(
                account("new1", null, true, false),
                account("LATE", null, true, false),
                account("new2", null, false, false)));
    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsExactly(
            CreateResult.Outcome.CREATED,
            CreateResult.Outcome.ALREADY_EXISTS,
            CreateResult.Outcome.CREATED);
    assertThat(results.get(1).key()).isEqualTo(late);
    assertThat(fixture.standIn.users(fixture.company))
        .extracting(StandInUser::email)
        .containsExactly(
            "first@example.test", "late@example.test", "new1@example.test", "new2@example.test");
    assertThat(
            fixture.standIn.user(fixture.company, "late@example.test").orElseThrow().licenseKeys())
        .as("an existing user is left alone")
        .isEmpty();
  }

  @Test
  void aUserInvitedByHandIsExistingWhenTheIndexIsReadAgainAndTheServiceAnswersWithItsKey() {
    start(GoToMyPcStandIn.builder(), Duration.ZERO);
    target.create(List.of(account("first", null, false, false)));
    String late = fixture.standIn.addUser(fixture.company, "late@example.test", "Late", "Comer");
    List<CreateResult> results =
        target.create(
            List.of(account("late", null, false, false), account("new", null, false, false)));
    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsExactly(CreateResult.Outcome.ALREADY_EXISTS, CreateResult.Outcome.CREATED);
    assertThat(results.get(0).key()).isEqualTo(late);
  }

  @Test
  void anExistingEmailTheServiceAnswersWithTheSameKeyIsNotCreatedTwice() {
    start(GoToMyPcStandIn.builder(), Duration.ofHours(1));
    String byHand = fixture.standIn.addUser(fixture.company, "hand@example.test", "By", "Hand");
    List<CreateResult> results = target.create(List.of(account("hand", null, false, false)));
    assertThat(results).containsExactly(CreateResult.existing("hand@example.test", byHand));
    assertThat(fixture.standIn.users(fixture.company)).hasSize(1);
  }

  @Test
  void oneBadUserIsRejectedWithTheReasonAndTheRestOfTheBatchIsCreated() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    List<CreateResult> results =
        target.create(
            List.of(
                account("good1", null, false, false),
                new NewAccount("not-an-email", "Bad", "Email", null, false, false),
                account("good2", null, false, false),
                account("GOOD1", null, false, false)));
    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsExactly(
            CreateResult.Outcome.CREATED,
            CreateResult.Outcome.REJECTED,
            CreateResult.Outcome.CREATED,
            CreateResult.Outcome.REJECTED);
    assertThat(results.get(1).message())
        .isEqualTo(
            "GoToMyPC rejected the request as invalid: POST /admin/rest/v1/accounts/"
                + fixture.company
                + "/users for not-an-email answered HTTP 400 INVALID_EMAIL: users[0] email"
                + " 'not-an-email' is not a valid email address");
    assertThat(results.get(3).message()).isEqualTo("the email appears twice in one create call");
    assertThat(fixture.standIn.users(fixture.company))
        .extracting(StandInUser::email)
        .containsExactly("good1@example.test", "good2@example.test");
  }

  @Test
  void aRefusedGroupLeavesTheUserCreatedWithTheReason() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    List<CreateResult> results =
        target.create(List.of(account("g", "no-such-group", false, false)));
    assertThat(results.get(0).outcome()).isEqualTo(CreateResult.Outcome.PARTIAL);
    assertThat(results.get(0).missing())
        .isEqualTo(new dev.umt.target.AccountPatch(null, null, null, "no-such-group", null));
    assertThat(results.get(0).message())
        .startsWith("setting the group no-such-group failed: ")
        .contains("INVALID_GROUP: settings.G2PC.groupKey no-such-group is not a group of account");
  }

  @Test
  void accountsMapTheGroupStatusAndLicenseAndTheCursorIsComplete() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    List<CreateResult> r =
        target.create(
            List.of(account("a", fixture.sales, true, false), account("b", null, false, false)));
    target.suspend(r.get(1).key());
    List<TargetAccount> all = new ArrayList<>();
    try (PageCursor<TargetAccount> cursor = target.accounts(1)) {
      while (cursor.hasNext()) {
        all.addAll(cursor.next());
      }
      assertThat(cursor.isComplete()).isTrue();
      assertThat(cursor.incompleteReason()).isEmpty();
    }
    assertThat(all)
        .containsExactly(
            new TargetAccount(
                r.get(0).key(),
                "a@example.test",
                "First-a",
                "Last-a",
                fixture.sales,
                AccountStatus.ACTIVE,
                true),
            new TargetAccount(
                r.get(1).key(),
                "b@example.test",
                "First-b",
                "Last-b",
                null,
                AccountStatus.SUSPENDED,
                false));
  }

  @Test
  void concurrentCallsFromTheEnginesThreadsArePacedAndAllApplied() throws Exception {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    List<NewAccount> accounts = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      accounts.add(account("c" + i, null, false, false));
    }
    List<CreateResult> created = target.create(accounts);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(target.describe().maxConcurrency());
    try {
      List<java.util.concurrent.Future<TargetAccount>> futures = new ArrayList<>();
      for (CreateResult r : created) {
        futures.add(
            pool.submit(
                () ->
                    target.update(
                        r.key(),
                        new dev.umt.target.AccountPatch(
                            null, null, "Renamed", fixture.sales, true))));
      }
      for (java.util.concurrent.Future<TargetAccount> f : futures) {
        assertThat(f.get().lastName()).isEqualTo("Renamed");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.standIn.users(fixture.company))
        .hasSize(24)
        .allSatisfy(
            u -> {
              assertThat(u.lastName()).isEqualTo("Renamed");
              assertThat(u.groupKey()).isEqualTo(fixture.sales);
              assertThat(u.licenseKeys()).containsExactly(fixture.license);
            });
    assertThat(fixture.standIn.tooManyRequestsCount())
        .as("4 threads, 50 requests, paced under the limit")
        .isZero();
  }

  @Test
  void groupsAreTheCompanysGroupsAndSubgroups() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    assertThat(target.groups())
        .contains(
            new TargetGroup(fixture.sales, "Sales", null),
            new TargetGroup(fixture.emea, "EMEA", fixture.sales))
        .hasSize(4);
  }

  @Test
  void aManagerWithSeveralCompaniesMustNameOne() {
    start(GoToMyPcStandIn.builder(), Duration.ofMinutes(5));
    GoToMyPcTarget unnamed = GoToMyPcTarget.builder().client(target.client()).build();
    assertThatThrownBy(unnamed::groups)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "the GoToMyPC manager manager@example.test belongs to 2 companies; set 'company' to one"
                + " of: Example Corp (key "
                + fixture.company
                + "), Example Labs (key "
                + fixture.otherCompany
                + ")");
  }
}
