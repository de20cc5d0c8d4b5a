package dev.umt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.AccountRejectedException;
import dev.umt.PageCursor;
import dev.umt.target.AccountPatch;
import dev.umt.target.AccountStatus;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProvisioningTarget} must do. Extend it and return a target that has at least
 * one group; the tests make accounts with emails of their own, so the target may hold others.
 */
public abstract class ProvisioningTargetContract {

  /** The target under test; may be the same instance every call. */
  protected abstract ProvisioningTarget target();

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private String email(String who) {
    return who + "." + run + "@contract.example.test";
  }

  private Map<String, TargetAccount> all() {
    List<TargetAccount> out = new ArrayList<>();
    try (PageCursor<TargetAccount> c = target().accounts(2)) {
      while (c.hasNext()) {
        List<TargetAccount> page = c.next();
        assertThat(page.size()).isLessThanOrEqualTo(2);
        out.addAll(page);
      }
      assertThat(c.isComplete()).isTrue();
    }
    return out.stream().collect(Collectors.toMap(TargetAccount::key, Function.identity()));
  }

  private TargetAccount createOne(String who, boolean licensed) {
    List<CreateResult> r =
        target()
            .create(
                List.of(
                    new NewAccount(
                        email(who), "First" + who, "Last" + who, null, licensed, false)));
    assertThat(r).hasSize(1);
    assertThat(r.get(0).outcome()).isEqualTo(CreateResult.Outcome.CREATED);
    return all().get(r.get(0).key());
  }

  @Test
  void createsABatchAndPagesThroughIt() {
    List<NewAccount> batch =
        List.of(
            new NewAccount(email("ann"), "Ann", "Able", null, true, false),
            new NewAccount(email("ben"), "Ben", "Baker", null, false, false),
            new NewAccount(email("cat"), "Cat", "Cole", null, true, false));
    List<CreateResult> results = target().create(batch);
    assertThat(results)
        .extracting(CreateResult::email)
        .containsExactly(email("ann"), email("ben"), email("cat"));
    assertThat(results)
        .extracting(CreateResult::outcome)
        .containsOnly(CreateResult.Outcome.CREATED);
    assertThat(results).extracting(CreateResult::key).doesNotHaveDuplicates();
    Map<String, TargetAccount> all = all();
    TargetAccount ann = all.get(results.get(0).key());
    assertThat(ann.email()).isEqualToIgnoringCase(email("ann"));
    assertThat(ann.firstName()).isEqualTo("Ann");
    assertThat(ann.lastName()).isEqualTo("Able");
    assertThat(ann.status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(ann.licensed()).isTrue();
    assertThat(all.get(results.get(1).key()).licensed()).isFalse();
  }

  @Test
  void anExistingEmailIsAnsweredWithItsAccountNotCreatedTwice() {
    TargetAccount first = createOne("dup", false);
    List<CreateResult> again =
        target()
            .create(
                List.of(
                    new NewAccount(
                        email("dup").toUpperCase(), "Other", "Name", null, false, false)));
    assertThat(again.get(0).outcome()).isEqualTo(CreateResult.Outcome.ALREADY_EXISTS);
    assertThat(again.get(0).key()).isEqualTo(first.key());
    assertThat(all().values().stream().filter(a -> a.email().equalsIgnoreCase(email("dup"))))
        .hasSize(1);
  }

  @Test
  void updatesOnlyTheGivenFields() {
    TargetAccount a = createOne("upd", false);
    TargetAccount after =
        target().update(a.key(), new AccountPatch(null, null, "Renamed", null, null));
    assertThat(after.lastName()).isEqualTo("Renamed");
    assertThat(after.firstName()).isEqualTo(a.firstName());
    assertThat(after.email()).isEqualToIgnoringCase(a.email());
    TargetAccount read = all().get(a.key());
    assertThat(read.lastName()).isEqualTo("Renamed");
    assertThat(read.firstName()).isEqualTo(a.firstName());
    assertThat(read.licensed()).isFalse();
  }

  @Test
  void grantsAndRevokesTheLicenseAndMovesGroups() {
    TargetAccount a = createOne("lic", false);
    target().update(a.key(), AccountPatch.license(true));
    assertThat(all().get(a.key()).licensed()).isTrue();
    target().update(a.key(), AccountPatch.license(false));
    assertThat(all().get(a.key()).licensed()).isFalse();
    List<TargetGroup> groups = target().groups();
    assertThat(groups).as("the target under test must have a group").isNotEmpty();
    String groupKey = groups.get(groups.size() - 1).key();
    target().update(a.key(), new AccountPatch(null, null, null, groupKey, null));
    assertThat(all().get(a.key()).groupKey()).isEqualTo(groupKey);
  }

  @Test
  void suspendsAndReactivates() {
    TargetAccount a = createOne("sus", true);
    target().suspend(a.key());
    assertThat(all().get(a.key()).status()).isEqualTo(AccountStatus.SUSPENDED);
    target().reactivate(a.key());
    assertThat(all().get(a.key()).status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void deletes() {
    TargetAccount a = createOne("del", false);
    target().delete(a.key());
    assertThat(all()).doesNotContainKey(a.key());
  }

  @Test
  void suspendingTwiceSucceedsAndLeavesTheAccountSuspended() {
    TargetAccount a = createOne("sus2", false);
    target().suspend(a.key());
    target().suspend(a.key());
    assertThat(all().get(a.key()).status()).isEqualTo(AccountStatus.SUSPENDED);
    target().reactivate(a.key());
    target().reactivate(a.key());
    assertThat(all().get(a.key()).status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void anUnknownKeyIsRejected() {
    assertThatThrownBy(() -> target().update("no-such-key-" + run, AccountPatch.license(true)))
        .isInstanceOf(AccountRejectedException.class)
        .hasMessageContaining("no-such-key-" + run);
  }

  /**
   * {@link ProvisioningTarget}'s javadoc: update, suspend, reactivate and delete of a key the
   * target does not know all throw the same {@link AccountRejectedException} subclass, naming the
   * key, so the engine skips that one step (a second delete of an account is such a call).
   */
  @Test
  void update_suspend_reactivate_andDeleteRejectAnUnknownKeyTheSameWay() {
    String key = "no-such-key-" + run;
    List<Throwable> thrown = new ArrayList<>();
    List<Runnable> calls =
        List.of(
            () -> target().update(key, AccountPatch.license(true)),
            () -> target().suspend(key),
            () -> target().reactivate(key),
            () -> target().delete(key));
    for (Runnable call : calls) {
      Throwable t = org.assertj.core.api.Assertions.catchThrowable(call::run);
      assertThat(t).isInstanceOf(AccountRejectedException.class).hasMessageContaining(key);
      thrown.add(t);
    }
    assertThat(thrown)
        .extracting(t -> (Object) t.getClass())
        .containsOnly(thrown.get(0).getClass());
  }

  @Test
  void deletingADeletedAccountIsRejectedAsAnUnknownKey() {
    TargetAccount a = createOne("del2", false);
    target().delete(a.key());
    assertThatThrownBy(() -> target().delete(a.key()))
        .isInstanceOf(AccountRejectedException.class)
        .hasMessageContaining(a.key());
    assertThat(all()).doesNotContainKey(a.key());
  }
}
