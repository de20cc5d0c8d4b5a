package dev.umt.testkit;

import dev.umt.AccountRejectedException;
import dev.umt.PageCursor;
import dev.umt.target.AccountPatch;
import dev.umt.target.AccountStatus;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import dev.umt.target.TargetInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProvisioningTarget} held in memory that behaves like GoToMyPC: accounts are unique by
 * email (case-insensitive; creating an existing one answers with its key), creates come in batches
 * of at most {@link TargetInfo#maxBatchSize()}, accounts are read in pages, and failures can be
 * injected for one email or key. Every write is recorded in {@link #writes()} so tests can assert
 * that a run wrote nothing. Thread-safe.
 *
 * <pre>{@code
 * InMemoryTarget target = InMemoryTarget.builder().group("g-sales", "Sales", null).build();
 * }</pre>
 */
public final class InMemoryTarget implements ProvisioningTarget {
  private final int batchSize;
  private final Map<String, TargetAccount> accounts = new LinkedHashMap<>();
  private final Map<String, String> keyByEmail = new HashMap<>();
  private final List<TargetGroup> groups;
  private final Map<String, RuntimeException> failures = new HashMap<>();
  private final Map<String, RuntimeException> groupFailures = new HashMap<>();
  private @Nullable RuntimeException failEverything;
  private @Nullable RuntimeException failReads;
  private int calls;
  private final List<String> writes = new ArrayList<>();
  private final AtomicInteger nextKey = new AtomicInteger(1);
  private int maxBatchSeen;

  private InMemoryTarget(int batchSize, List<TargetGroup> groups) {
    this.batchSize = batchSize;
    this.groups = List.copyOf(groups);
  }

  /** A target with batches of 100 and no groups. */
  public static InMemoryTarget create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  // --- test controls ---

  /**
   * Adds an account directly, as if a person had invited it by hand; returns it. {@code groupKey}
   * is null for an account in no group.
   */
  public synchronized TargetAccount addExisting(
      String email,
      String firstName,
      String lastName,
      @Nullable String groupKey,
      AccountStatus status,
      boolean licensed) {
    String key = "acct-" + nextKey.getAndIncrement();
    TargetAccount a =
        new TargetAccount(key, email, firstName, lastName, groupKey, status, licensed);
    put(a);
    return a;
  }

  /** Calls on this email or key throw {@code failure} until {@link #heal()}. */
  public synchronized void failFor(String emailOrKey, RuntimeException failure) {
    failures.put(emailOrKey.toLowerCase(Locale.ROOT), failure);
  }

  /**
   * Creates of this email make the account but not its group, as a GoToMyPC create whose group call
   * fails: the result is {@link CreateResult.Outcome#PARTIAL} naming {@code failure}'s message.
   */
  public synchronized void failGroupFor(String email, RuntimeException failure) {
    groupFailures.put(email.toLowerCase(Locale.ROOT), failure);
  }

  /**
   * Every call that writes (create, update, suspend, reactivate, delete) throws {@code failure}, as
   * with revoked credentials.
   */
  public synchronized void failEverything(RuntimeException failure) {
    failEverything = failure;
  }

  /** Reading the accounts throws {@code failure}. */
  public synchronized void failReads(RuntimeException failure) {
    failReads = failure;
  }

  /** Removes every injected failure. */
  public synchronized void heal() {
    failures.clear();
    groupFailures.clear();
    failEverything = null;
    failReads = null;
  }

  /** How many calls that write were made, failed ones included. */
  public synchronized int calls() {
    return calls;
  }

  /**
   * Every write so far, such as {@code create alice@example.test} or {@code update acct-1
   * [lastName]}.
   */
  public synchronized List<String> writes() {
    return List.copyOf(writes);
  }

  /** The account with this email, compared case-insensitively. */
  public synchronized Optional<TargetAccount> byEmail(String email) {
    return Optional.ofNullable(keyByEmail.get(email.toLowerCase(Locale.ROOT))).map(accounts::get);
  }

  /** All accounts, in creation order. */
  public synchronized List<TargetAccount> all() {
    return List.copyOf(accounts.values());
  }

  /** The largest create batch received. */
  public synchronized int largestBatch() {
    return maxBatchSeen;
  }

  // --- ProvisioningTarget ---

  @Override
  public TargetInfo describe() {
    return new TargetInfo("in-memory target", batchSize, 0, 16);
  }

  @Override
  public synchronized PageCursor<TargetAccount> accounts(int pageSize) {
    if (failReads != null) {
      throw failReads;
    }
    List<TargetAccount> all = new ArrayList<>(accounts.values());
    List<List<TargetAccount>> pages = new ArrayList<>();
    for (int i = 0; i < all.size(); i += pageSize) {
      pages.add(List.copyOf(all.subList(i, Math.min(all.size(), i + pageSize))));
    }
    return PageCursor.of(pages, "");
  }

  @Override
  public synchronized List<CreateResult> create(List<NewAccount> batch) {
    if (batch.size() > batchSize) {
      throw new IllegalArgumentException(
          "a batch of " + batch.size() + " exceeds the batch size of " + batchSize);
    }
    maxBatchSeen = Math.max(maxBatchSeen, batch.size());
    calls++;
    if (failEverything != null) {
      throw failEverything;
    }
    // A failure that is not one account's throws before any account of the call exists, as the
    // contract asks.
    for (NewAccount n : batch) {
      RuntimeException f = failureFor(n.email());
      if (f != null && !(f instanceof AccountRejectedException)) {
        throw f;
      }
    }
    List<CreateResult> results = new ArrayList<>(batch.size());
    for (NewAccount n : batch) {
      RuntimeException f = failureFor(n.email());
      if (f != null) {
        results.add(CreateResult.rejected(n.email(), f.getMessage()));
        continue;
      }
      String existing = keyByEmail.get(n.email().toLowerCase(Locale.ROOT));
      if (existing != null) {
        results.add(CreateResult.existing(n.email(), existing));
        continue;
      }
      write("create " + n.email());
      String key = "acct-" + nextKey.getAndIncrement();
      RuntimeException groupFailure =
          n.groupKey() == null ? null : groupFailures.get(n.email().toLowerCase(Locale.ROOT));
      put(
          new TargetAccount(
              key,
              n.email(),
              n.firstName(),
              n.lastName(),
              groupFailure == null ? n.groupKey() : null,
              AccountStatus.ACTIVE,
              n.licensed()));
      results.add(
          groupFailure == null
              ? CreateResult.created(n.email(), key)
              : CreateResult.partial(
                  n.email(),
                  key,
                  new AccountPatch(null, null, null, n.groupKey(), null),
                  "the group " + n.groupKey() + " could not be set: " + groupFailure.getMessage()));
    }
    return results;
  }

  @Override
  public synchronized TargetAccount update(String key, AccountPatch patch) {
    TargetAccount a = require(key);
    if (patch.email() != null) {
      String other = keyByEmail.get(patch.email().toLowerCase(Locale.ROOT));
      if (other != null && !other.equals(key)) {
        throw new AccountRejectedException(
            "email " + patch.email() + " already belongs to account " + other);
      }
    }
    write("update " + key + " " + patch.fields());
    keyByEmail.remove(a.email().toLowerCase(Locale.ROOT));
    TargetAccount updated = a.apply(patch);
    put(updated);
    return updated;
  }

  @Override
  public synchronized void suspend(String key) {
    TargetAccount a = require(key);
    write("suspend " + key);
    put(a.withStatus(AccountStatus.SUSPENDED));
  }

  @Override
  public synchronized void reactivate(String key) {
    TargetAccount a = require(key);
    write("reactivate " + key);
    put(a.withStatus(AccountStatus.ACTIVE));
  }

  @Override
  public synchronized void delete(String key) {
    TargetAccount a = require(key);
    write("delete " + key);
    accounts.remove(key);
    keyByEmail.remove(a.email().toLowerCase(Locale.ROOT));
  }

  @Override
  public List<TargetGroup> groups() {
    return groups;
  }

  @Override
  public void close() {}

  private TargetAccount require(String key) {
    calls++;
    if (failEverything != null) {
      throw failEverything;
    }
    TargetAccount a = accounts.get(key);
    RuntimeException f = failureFor(key);
    if (f == null && a != null) {
      f = failureFor(a.email());
    }
    if (f != null) {
      throw f;
    }
    if (a == null) {
      throw new AccountRejectedException("no account with key " + key);
    }
    return a;
  }

  private @Nullable RuntimeException failureFor(String emailOrKey) {
    return failures.get(emailOrKey.toLowerCase(Locale.ROOT));
  }

  private void write(String what) {
    writes.add(what);
  }

  private void put(TargetAccount a) {
    accounts.put(a.key(), a);
    keyByEmail.put(a.email().toLowerCase(Locale.ROOT), a.key());
  }

  /** Builds {@link InMemoryTarget}s. */
  public static final class Builder {
    private int batchSize = 100;
    private final List<TargetGroup> groups = new ArrayList<>();

    private Builder() {}

    /** The most accounts per create call (default 100). */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("batch size must be at least 1");
      }
      batchSize = n;
      return this;
    }

    /** Adds a group; {@code parentKey} is null for a top-level group. */
    public Builder group(String key, String name, @Nullable String parentKey) {
      groups.add(new TargetGroup(key, name, parentKey));
      return this;
    }

    public InMemoryTarget build() {
      return new InMemoryTarget(batchSize, groups);
    }
  }
}
