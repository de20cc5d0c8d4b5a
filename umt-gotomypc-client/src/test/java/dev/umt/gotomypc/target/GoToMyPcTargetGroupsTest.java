package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.gotomypc.StandInFixture;
import dev.umt.target.AccountPatch;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The group of a new account, the one request per account that the contract needs after a create:
 * the {@code PUT}s go out together under the pace, none for the group creates land in (read once
 * from the service), and an update sends only what differs from the account.
 */
class GoToMyPcTargetGroupsTest {
  private StandInFixture fixture;
  private GoToMyPcTarget target;
  private String users;
  private int mark;

  @BeforeEach
  void setUp() {
    fixture = new StandInFixture(GoToMyPcStandIn.builder());
    target =
        GoToMyPcTarget.builder()
            .client(fixture.client().build())
            .company("Example Corp")
            .ownsClient(true)
            .build();
    assertThat(target.license()).isEqualTo(fixture.license);
    users = "/admin/rest/v1/accounts/" + fixture.company + "/users";
  }

  @AfterEach
  void tearDown() {
    target.close();
    fixture.close();
  }

  private static NewAccount account(String who, String groupKey) {
    return new NewAccount(who + "@example.test", "F-" + who, "L-" + who, groupKey, true, false);
  }

  /** The API requests since the last call, as "METHOD path". */
  private List<String> apiRequestsSinceLast() {
    List<StandInRequest> all = fixture.standIn.requests();
    List<String> since =
        all.subList(mark, all.size()).stream()
            .filter(r -> r.path().startsWith("/admin/"))
            .map(r -> r.method() + " " + r.path())
            .toList();
    mark = all.size();
    return since;
  }

  private String group(String email) {
    return fixture.standIn.user(fixture.company, email).orElseThrow().groupKey();
  }

  @Test
  void theGroupPutsGoOutTogether() {
    fixture.standIn.holdUntilTogether("PUT", ".*/users/[^/]+", 4, Duration.ofSeconds(30));

    List<CreateResult> results =
        target.create(
            List.of(
                account("a", fixture.emea),
                account("b", fixture.emea),
                account("c", fixture.sales),
                account("d", fixture.emea)));

    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsOnly(CreateResult.Outcome.CREATED);
    assertThat(fixture.standIn.heldTogether())
        .as("the four PUTs were at the service at once")
        .isTrue();
    assertThat(List.of(group("a@example.test"), group("c@example.test"), group("d@example.test")))
        .containsExactly(fixture.emea, fixture.sales, fixture.emea);
  }

  @Test
  void noPutForTheGroupThatCreatesLandInReadOnceFromTheService() {
    fixture.standIn.newUsersGroup(fixture.company, fixture.emea);
    apiRequestsSinceLast();

    List<CreateResult> first =
        target.create(
            List.of(account("a", fixture.emea), account("b", fixture.sales), account("c", null)));

    assertThat(first).extracting(CreateResult::outcome).containsOnly(CreateResult.Outcome.CREATED);
    assertThat(apiRequestsSinceLast())
        .containsExactly(
            "GET " + users,
            "POST " + users,
            "GET " + users + "/" + first.get(0).key(),
            "PUT " + users + "/" + first.get(1).key());
    assertThat(List.of(group("a@example.test"), group("b@example.test"), group("c@example.test")))
        .containsExactly(fixture.emea, fixture.sales, fixture.emea);

    List<CreateResult> second =
        target.create(List.of(account("d", fixture.sales), account("e", fixture.emea)));

    assertThat(second).extracting(CreateResult::outcome).containsOnly(CreateResult.Outcome.CREATED);
    assertThat(apiRequestsSinceLast())
        .as("the landing group is known: no second read")
        .containsExactly("POST " + users, "PUT " + users + "/" + second.get(0).key());
    assertThat(group("e@example.test")).isEqualTo(fixture.emea);
  }

  @Test
  void whenCreatesLandInNoGroupEveryGroupIsPut() {
    apiRequestsSinceLast();

    List<CreateResult> results =
        target.create(List.of(account("a", fixture.emea), account("b", null)));

    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsOnly(CreateResult.Outcome.CREATED);
    assertThat(apiRequestsSinceLast())
        .containsExactly(
            "GET " + users,
            "POST " + users,
            "GET " + users + "/" + results.get(0).key(),
            "PUT " + users + "/" + results.get(0).key());
    assertThat(group("a@example.test")).isEqualTo(fixture.emea);
    assertThat(group("b@example.test")).isNull();
  }

  @Test
  void aCallWithNoGroupToSetReadsNoLandingGroup() {
    apiRequestsSinceLast();

    target.create(List.of(account("a", null), account("b", null)));

    assertThat(apiRequestsSinceLast()).containsExactly("GET " + users, "POST " + users);
  }

  @Test
  void whenTheLandingGroupCannotBeReadEveryGroupIsPutAndTheNextCallReadsAgain() {
    fixture.standIn.newUsersGroup(fixture.company, fixture.emea);
    fixture.standIn.failCalls("GET", ".*/users/[^/]+", 1, 404);
    apiRequestsSinceLast();

    List<CreateResult> first = target.create(List.of(account("a", fixture.emea)));

    assertThat(first).extracting(CreateResult::outcome).containsOnly(CreateResult.Outcome.CREATED);
    String a = users + "/" + first.get(0).key();
    assertThat(apiRequestsSinceLast())
        .containsExactly("GET " + users, "POST " + users, "GET " + a, "PUT " + a);

    List<CreateResult> second = target.create(List.of(account("b", fixture.emea)));

    String b = users + "/" + second.get(0).key();
    assertThat(apiRequestsSinceLast())
        .as("read again, and the group is where b landed")
        .containsExactly("POST " + users, "GET " + b);
    assertThat(group("b@example.test")).isEqualTo(fixture.emea);
  }

  @Test
  void anUpdateSendsNoPutWhenTheAccountAlreadyHasEveryValue() {
    String key = target.create(List.of(account("a", fixture.emea))).get(0).key();
    apiRequestsSinceLast();

    target.update(key, new AccountPatch(null, "F-a", "L-a", fixture.emea, true));

    assertThat(apiRequestsSinceLast())
        .as("read the account, nothing differs: no PUT")
        .containsExactly("GET " + users + "/" + key);

    target.update(key, new AccountPatch(null, "F-a", "Renamed", fixture.emea, null));

    assertThat(apiRequestsSinceLast())
        .containsExactly("GET " + users + "/" + key, "PUT " + users + "/" + key);
    assertThat(fixture.standIn.user(fixture.company, "a@example.test").orElseThrow().lastName())
        .isEqualTo("Renamed");
  }
}
