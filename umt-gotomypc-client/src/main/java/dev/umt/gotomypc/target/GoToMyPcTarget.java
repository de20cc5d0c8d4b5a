package dev.umt.gotomypc.target;

import dev.umt.AccountRejectedException;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.gotomypc.Company;
import dev.umt.gotomypc.CompanyClient;
import dev.umt.gotomypc.CreatedUser;
import dev.umt.gotomypc.GoToMyPcClient;
import dev.umt.gotomypc.GoToMyPcConflictException;
import dev.umt.gotomypc.GoToMyPcValidationException;
import dev.umt.gotomypc.Manager;
import dev.umt.gotomypc.NewUser;
import dev.umt.gotomypc.User;
import dev.umt.gotomypc.UserChanges;
import dev.umt.gotomypc.UserPage;
import dev.umt.gotomypc.UserStatus;
import dev.umt.target.AccountPatch;
import dev.umt.target.AccountStatus;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import dev.umt.target.TargetInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GoToMyPC company as a {@link ProvisioningTarget}: accounts are the company's users, their
 * group and status are {@code settings.G2PC.groupKey} and {@code .status}, and "licensed" means
 * holding the GoToMyPC license. Accounts are created in batches of {@link
 * dev.umt.gotomypc.ApiConventions#maxUsersPerCreate()} with the license granted at creation; the
 * group is set with one {@code PUT} per account afterwards, as the create body has no settings. The
 * batches, and then the {@code PUT}s, go out up to {@link Builder#maxConcurrency} at once, each
 * waiting for its turn of the client's pace, so the service's latency does not add up request by
 * request. Thread-safe.
 *
 * <p>Groups: the Admin API documents no group that a create puts a user in. The first time a call
 * has accounts to put in groups, the target reads one account it just created ({@code GET
 * /users/{key}}, one request per target) to see the group creates land in, and sends no {@code PUT}
 * for an account whose group is that one. An update sends only the fields that differ from the
 * account as the service holds it, and no {@code PUT} when none does. The company and the license
 * are resolved on first use (one {@code /me} and one {@code /licenses} call), not when built.
 *
 * <p>Existing accounts: the service answers a create with the key of a user that already exists,
 * without saying so, and some deployments answer 409. The target therefore keeps an index of the
 * emails it has seen (from a complete {@link #accounts} read, or one it makes before a create when
 * the index is older than {@link Builder#indexMaxAge}) and answers {@link
 * CreateResult.Outcome#ALREADY_EXISTS} for an email in it without sending it again; a 409 is
 * resolved by looking the email up.
 *
 * <pre>{@code
 * GoToMyPcTarget target = GoToMyPcTarget.builder().client(client).company("Example Corp").build();
 * List<CreateResult> results = target.create(List.of(new NewAccount("bo@example.com", "Bo", "Li", null, true, true)));
 * }</pre>
 */
public final class GoToMyPcTarget implements ProvisioningTarget {
  private static final Logger log = LoggerFactory.getLogger(GoToMyPcTarget.class);

  private final GoToMyPcClient client;
  private final String companySetting;
  private final String licenseSetting;
  private final int maxConcurrency;
  private final boolean ownsClient;

  private volatile CompanyClient company;
  private volatile String licenseKey;
  private final Map<String, String> keyByEmail = new ConcurrentHashMap<>();
  private volatile long indexedAt;
  private volatile boolean indexed;
  private final Duration indexMaxAge;

  /** Whether {@link #landingGroup} was read from the service. */
  private volatile boolean landingGroupKnown;

  /** The group a create puts a user in, as read from the service; null for none. */
  private volatile @Nullable String landingGroup;

  private GoToMyPcTarget(Builder b) {
    this.client = b.client;
    this.companySetting = b.company;
    this.licenseSetting = b.licenseKey;
    this.maxConcurrency = b.maxConcurrency;
    this.ownsClient = b.ownsClient;
    this.indexMaxAge = b.indexMaxAge;
  }

  /** A builder; {@link Builder#client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Batch size, pace and concurrency from the client's settings, and the field limits of a create:
   * the email at most {@value #MAX_EMAIL_LENGTH} characters and each name at most {@value
   * #MAX_NAME_LENGTH}. The limits are <b>assumed</b>: the Admin API documents none, so these are
   * the longest address SMTP carries (RFC 5321) and a common name column size.
   */
  @Override
  public TargetInfo describe() {
    String name =
        "GoToMyPC company "
            + (companySetting != null ? companySetting : "(the manager's only company)");
    return new TargetInfo(
        name,
        client.conventions().maxUsersPerCreate(),
        client.rateLimit().requestsPerSecond(),
        maxConcurrency,
        MAX_EMAIL_LENGTH,
        MAX_NAME_LENGTH,
        MAX_NAME_LENGTH);
  }

  /** The longest email a create takes (assumed: not documented by GoToMyPC). */
  static final int MAX_EMAIL_LENGTH = TargetInfo.DEFAULT_MAX_EMAIL_LENGTH;

  /** The longest first or last name a create takes (assumed: not documented by GoToMyPC). */
  static final int MAX_NAME_LENGTH = TargetInfo.DEFAULT_MAX_NAME_LENGTH;

  @Override
  public PageCursor<TargetAccount> accounts(int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be at least 1, not " + pageSize);
    }
    return new AccountCursor(company(), license(), Math.min(pageSize, 1000));
  }

  @Override
  public List<CreateResult> create(List<NewAccount> accounts) {
    if (accounts.isEmpty()) {
      return List.of();
    }
    CompanyClient c = company();
    String license = license();
    ensureIndexed(c);
    CreateResult[] results = new CreateResult[accounts.size()];
    Set<String> knownKeys = new HashSet<>(keyByEmail.values());
    Map<Boolean, List<Integer>> toSend = new HashMap<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < accounts.size(); i++) {
      NewAccount a = accounts.get(i);
      String email = lower(a.email());
      String existing = keyByEmail.get(email);
      if (existing != null) {
        results[i] = CreateResult.existing(a.email(), existing);
      } else if (!seen.add(email)) {
        results[i] = CreateResult.rejected(a.email(), "the email appears twice in one create call");
      } else {
        toSend.computeIfAbsent(a.invite(), k -> new ArrayList<>()).add(i);
      }
    }
    int batch = client.conventions().maxUsersPerCreate();
    List<List<Integer>> chunks = new ArrayList<>();
    List<Boolean> invites = new ArrayList<>();
    for (Map.Entry<Boolean, List<Integer>> e : toSend.entrySet()) {
      List<Integer> indexes = e.getValue();
      for (int from = 0; from < indexes.size(); from += batch) {
        chunks.add(indexes.subList(from, Math.min(indexes.size(), from + batch)));
        invites.add(e.getKey());
      }
    }
    AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
    Set<String> concurrentKeys = ConcurrentHashMap.newKeySet();
    concurrentKeys.addAll(knownKeys);
    // The batches go out together, up to maxConcurrency in flight, each waiting for its turn of the
    // client's pace, so a slow answer does not hold the next batch back. After a failure no further
    // batch is started; those in flight finish.
    inParallel(
        chunks.size(),
        k -> {
          if (firstFailure.get() != null) {
            return;
          }
          try {
            createChunk(
                c, license, accounts, chunks.get(k), invites.get(k), concurrentKeys, results);
          } catch (RuntimeException ex) {
            firstFailure.compareAndSet(null, ex);
          }
        });
    RuntimeException failure = firstFailure.get();
    if (failure != null) {
      if (Arrays.stream(results)
          .noneMatch(r -> r != null && r.outcome() != CreateResult.Outcome.REJECTED)) {
        throw failure; // nothing exists yet: the caller sees the failure whole
      }
      // Accounts of this call already exist: answer for them, and report the others as not created.
      for (List<Integer> chunk : chunks) {
        for (Integer i : chunk) {
          if (results[i] == null) {
            results[i] =
                CreateResult.rejected(
                    accounts.get(i).email(), "not created: " + failure.getMessage());
          }
        }
      }
    }
    setGroups(c, accounts, results);
    return List.of(results);
  }

  /**
   * Runs {@code task} for 0 to {@code n - 1} on up to {@link Builder#maxConcurrency} threads of its
   * own (one task runs on the caller), and returns when all are done. The client's pacer keeps the
   * requests under the rate limit, whatever the number of threads.
   */
  private void inParallel(int n, java.util.function.IntConsumer task) {
    int threads = Math.min(maxConcurrency, n);
    if (threads <= 1) {
      for (int k = 0; k < n; k++) {
        task.accept(k);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker =
        () -> {
          for (int k = next.getAndIncrement(); k < n; k = next.getAndIncrement()) {
            task.accept(k);
          }
        };
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads - 1,
            r -> {
              Thread t = new Thread(r, "gotomypc-create");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 1; t < threads; t++) {
        running.add(pool.submit(worker));
      }
      worker.run();
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r
              ? r
              : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while creating accounts", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Puts each account just created in its group, {@link Builder#maxConcurrency} {@code PUT}s at
   * once under the client's pace, except where the group is the one creates land in. A failure here
   * never escapes: the account exists, so its result becomes {@link CreateResult.Outcome#PARTIAL}
   * with the group missing (after a timeout the service may have set it all the same; the next
   * run's plan sees the account as it is, so a {@code PUT} that did apply is not sent again). After
   * a failure that no further call can overcome (credentials, configuration, the service down after
   * the client's retries), no further {@code PUT} is started (those in flight finish).
   */
  private void setGroups(CompanyClient c, List<NewAccount> accounts, CreateResult[] results) {
    List<Integer> toSet = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      if (results[i].outcome() == CreateResult.Outcome.CREATED
          && accounts.get(i).groupKey() != null) {
        toSet.add(i);
      }
    }
    if (toSet.isEmpty()) {
      return;
    }
    String landing = landingGroup(c, results[toSet.get(0)].key());
    toSet.removeIf(i -> accounts.get(i).groupKey().equals(landing));
    AtomicReference<RuntimeException> stop = new AtomicReference<>();
    inParallel(
        toSet.size(),
        k -> {
          int i = toSet.get(k);
          NewAccount a = accounts.get(i);
          CreateResult r = results[i];
          AccountPatch missing = new AccountPatch(null, null, null, a.groupKey(), null);
          RuntimeException earlier = stop.get();
          if (earlier != null) {
            results[i] =
                CreateResult.partial(
                    r.email(),
                    r.key(),
                    missing,
                    "the group "
                        + a.groupKey()
                        + " was not set after an earlier failure: "
                        + earlier.getMessage());
            return;
          }
          try {
            c.updateUser(r.key(), UserChanges.NONE.withGroupKey(a.groupKey()));
          } catch (RuntimeException ex) {
            log.warn(
                "created {} but could not put it in group {}: {}",
                a.email(),
                a.groupKey(),
                ex.getMessage());
            results[i] =
                CreateResult.partial(
                    r.email(),
                    r.key(),
                    missing,
                    "setting the group " + a.groupKey() + " failed: " + ex.getMessage());
            if (!(ex instanceof AccountRejectedException)) {
              stop.compareAndSet(null, ex);
            }
          }
        });
  }

  /**
   * The group creates land in, read once per target from the account {@code createdKey} (just
   * created, not yet moved): null when they land in none, or when the read failed (then every group
   * is set by a {@code PUT}, and the next call reads again).
   */
  private @Nullable String landingGroup(CompanyClient c, String createdKey) {
    if (!landingGroupKnown) {
      synchronized (this) {
        if (!landingGroupKnown) {
          try {
            landingGroup = c.user(createdKey).groupKey();
            landingGroupKnown = true;
            log.debug("GoToMyPC puts new users in group {}", landingGroup);
          } catch (RuntimeException e) {
            log.info(
                "could not read the group new users land in ({}); setting every group",
                e.getMessage());
            return null;
          }
        }
      }
    }
    return landingGroup;
  }

  private void createChunk(
      CompanyClient c,
      String license,
      List<NewAccount> accounts,
      List<Integer> chunk,
      boolean invite,
      Set<String> knownKeys,
      CreateResult[] results) {
    List<NewUser> users =
        chunk.stream()
            .map(accounts::get)
            .map(
                a ->
                    new NewUser(
                        a.email(),
                        a.firstName(),
                        a.lastName(),
                        a.licensed() ? List.of(license) : List.of()))
            .toList();
    List<CreatedUser> answer;
    try {
      answer = c.createUsers(users, invite);
    } catch (GoToMyPcConflictException | GoToMyPcValidationException e) {
      if (chunk.size() > 1) {
        log.info(
            "a batch of {} users was refused ({}); creating them one at a time to find which",
            chunk.size(),
            e.getMessage());
        for (Integer i : chunk) {
          createChunk(c, license, accounts, List.of(i), invite, knownKeys, results);
        }
        return;
      }
      NewAccount a = accounts.get(chunk.get(0));
      if (e instanceof GoToMyPcConflictException) {
        Optional<User> existing = c.findUserByEmail(a.email());
        if (existing.isPresent()) {
          keyByEmail.put(lower(a.email()), existing.get().key());
          results[chunk.get(0)] = CreateResult.existing(a.email(), existing.get().key());
          return;
        }
      }
      results[chunk.get(0)] = CreateResult.rejected(a.email(), e.getMessage());
      return;
    }
    Map<String, String> keys = new HashMap<>();
    for (CreatedUser u : answer) {
      if (u.email() != null && u.key() != null) {
        keys.put(lower(u.email()), u.key());
      }
    }
    for (Integer i : chunk) {
      NewAccount a = accounts.get(i);
      String key = keys.get(lower(a.email()));
      if (key == null) {
        results[i] =
            CreateResult.rejected(
                a.email(), "GoToMyPC answered the create request without this email");
      } else if (knownKeys.contains(key)) {
        results[i] = CreateResult.existing(a.email(), key);
      } else {
        keyByEmail.put(lower(a.email()), key);
        knownKeys.add(key);
        results[i] = CreateResult.created(a.email(), key);
      }
    }
  }

  @Override
  public TargetAccount update(String key, AccountPatch patch) {
    CompanyClient c = company();
    String license = license();
    User before = c.user(key);
    // Only what differs from the account as the service holds it: a field that already has its
    // value (an earlier PUT whose answer was lost, an adoption of an account set up by hand) is not
    // sent again, and nothing is sent when nothing differs.
    UserChanges changes =
        new UserChanges(
            differs(patch.email(), before.email()),
            differs(patch.firstName(), before.firstName()),
            differs(patch.lastName(), before.lastName()),
            null,
            differs(patch.groupKey(), before.groupKey()),
            null);
    if (patch.licensed() != null && patch.licensed() != before.licenseKeys().contains(license)) {
      List<String> keys = new ArrayList<>(before.licenseKeys());
      if (patch.licensed()) {
        keys.add(license);
      } else {
        keys.remove(license);
      }
      changes = changes.withLicenseKeys(keys);
    }
    c.updateUser(key, changes);
    if (patch.email() != null) {
      keyByEmail.remove(lower(before.email()));
      keyByEmail.put(lower(patch.email()), key);
    }
    return account(before, license).apply(patch);
  }

  @Override
  public void suspend(String key) {
    company().suspend(key);
  }

  @Override
  public void reactivate(String key) {
    company().reactivate(key);
  }

  @Override
  public void delete(String key) {
    company().deleteUser(key);
    keyByEmail.values().remove(key);
  }

  @Override
  public List<TargetGroup> groups() {
    return company().groups().stream()
        .map(g -> new TargetGroup(g.key(), g.name(), g.parentKey()))
        .toList();
  }

  /** Closes the client when this target built it (the provider's targets do). */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  /** The client this target uses. */
  public GoToMyPcClient client() {
    return client;
  }

  /** The company's client, resolving the company on first use. */
  public CompanyClient company() {
    CompanyClient c = company;
    if (c == null) {
      synchronized (this) {
        if (company == null) {
          company = client.company(resolveCompany().key());
        }
        c = company;
      }
    }
    return c;
  }

  private Company resolveCompany() {
    if (companySetting != null) {
      return client.chooseCompany(companySetting);
    }
    Manager me = client.me();
    if (me.companies().size() == 1) {
      return me.companies().get(0);
    }
    throw new ConfigurationException(
        "the GoToMyPC manager "
            + me.email()
            + " belongs to "
            + me.companies().size()
            + " companies; set 'company' to one of: "
            + me.companies().stream()
                .map(x -> x.name() + " (key " + x.key() + ")")
                .collect(Collectors.joining(", ")));
  }

  /** The key of the GoToMyPC license, resolving it on first use. */
  public String license() {
    String l = licenseKey;
    if (l == null) {
      synchronized (this) {
        if (licenseKey == null) {
          licenseKey = licenseSetting != null ? licenseSetting : company().gotoMyPcLicense().key();
        }
        l = licenseKey;
      }
    }
    return l;
  }

  private boolean indexFresh() {
    return indexed && System.nanoTime() - indexedAt < indexMaxAge.toNanos();
  }

  private void ensureIndexed(CompanyClient c) {
    if (indexFresh()) {
      return;
    }
    synchronized (this) {
      if (!indexFresh()) {
        Map<String, String> all = new HashMap<>();
        for (User u : c.allUsers()) {
          if (u.email() != null) {
            all.put(lower(u.email()), u.key());
          }
        }
        keyByEmail.keySet().retainAll(all.keySet());
        keyByEmail.putAll(all);
        indexedAt = System.nanoTime();
        indexed = true;
      }
    }
  }

  /** {@code wanted}, or null when it is null or what the account already has. */
  private static @Nullable String differs(@Nullable String wanted, @Nullable String current) {
    return wanted == null || wanted.equals(current) ? null : wanted;
  }

  private static TargetAccount account(User u, String license) {
    return new TargetAccount(
        u.key(),
        u.email(),
        u.firstName(),
        u.lastName(),
        u.groupKey(),
        u.status() == UserStatus.SUSPENDED ? AccountStatus.SUSPENDED : AccountStatus.ACTIVE,
        u.licenseKeys().contains(license));
  }

  private static String lower(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "GoToMyPcTarget[" + describe().name() + "]";
  }

  /**
   * Pages through the users by offset; complete when the pages reached the total the service
   * reported.
   */
  private final class AccountCursor implements PageCursor<TargetAccount> {
    private final CompanyClient company;
    private final String license;
    private final int pageSize;
    private final Map<String, String> seen = new HashMap<>();
    private int offset;
    private Integer total;
    private List<TargetAccount> ready;
    private boolean done;
    private String incomplete = "";

    AccountCursor(CompanyClient company, String license, int pageSize) {
      this.company = company;
      this.license = license;
      this.pageSize = pageSize;
    }

    @Override
    public boolean hasNext() {
      if (ready != null) {
        return true;
      }
      if (done) {
        return false;
      }
      if (total != null && offset >= total) {
        finish();
        return false;
      }
      UserPage page = company.users(offset, pageSize);
      total = page.total();
      if (page.users().isEmpty()) {
        if (offset < total && total != Integer.MAX_VALUE) {
          incomplete = "GoToMyPC reported " + total + " users but the pages ended after " + offset;
        }
        finish();
        return false;
      }
      offset += page.users().size();
      List<TargetAccount> accounts = new ArrayList<>(page.users().size());
      for (User u : page.users()) {
        if (u.email() == null || u.email().isBlank() || u.key() == null) {
          log.warn("GoToMyPC user {} has no email; it cannot be matched and is left out", u.key());
          continue;
        }
        seen.put(lower(u.email()), u.key());
        accounts.add(account(u, license));
      }
      ready = accounts;
      return true;
    }

    private void finish() {
      done = true;
      if (incomplete.isEmpty()) {
        keyByEmail.keySet().retainAll(seen.keySet());
        keyByEmail.putAll(seen);
        indexedAt = System.nanoTime();
        indexed = true;
      }
    }

    @Override
    public List<TargetAccount> next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more GoToMyPC accounts");
      }
      List<TargetAccount> page = ready;
      ready = null;
      return page;
    }

    @Override
    public boolean isComplete() {
      return done && incomplete.isEmpty();
    }

    @Override
    public String incompleteReason() {
      return incomplete;
    }

    @Override
    public void close() {
      done = true;
      ready = null;
    }
  }

  /** Configures a {@link GoToMyPcTarget}; no I/O. */
  public static final class Builder {
    private GoToMyPcClient client;
    private String company;
    private String licenseKey;
    private int maxConcurrency = 4;
    private boolean ownsClient;
    private Duration indexMaxAge = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * How old the index of existing emails may be before a create reads all users again, 5 minutes
     * by default. A user invited by hand after the index was read is reported as created when the
     * service answers with its key instead of 409; a shorter age narrows that window at the cost of
     * one listing (a request per 1,000 users) per create call.
     */
    public Builder indexMaxAge(Duration age) {
      if (age == null || age.isNegative()) {
        throw new ConfigurationException("GoToMyPC indexMaxAge must not be negative");
      }
      this.indexMaxAge = age;
      return this;
    }

    /** The client to use. Required. */
    public Builder client(GoToMyPcClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The company by key or name; when unset the manager must have exactly one. */
    public Builder company(@Nullable String keyOrName) {
      this.company = keyOrName == null || keyOrName.isBlank() ? null : keyOrName.trim();
      return this;
    }

    /**
     * The license to grant; when unset, the only license whose products include the GoToMyPC
     * product code.
     */
    public Builder licenseKey(@Nullable String key) {
      this.licenseKey = key == null || key.isBlank() ? null : key.trim();
      return this;
    }

    /** Calls worth having in flight at once, 4 by default (the rate limit paces them anyway). */
    public Builder maxConcurrency(int n) {
      if (n < 1) {
        throw new ConfigurationException("GoToMyPC maxConcurrency must be at least 1, not " + n);
      }
      this.maxConcurrency = n;
      return this;
    }

    /** Whether {@link GoToMyPcTarget#close()} closes the client, false by default. */
    public Builder ownsClient(boolean owns) {
      this.ownsClient = owns;
      return this;
    }

    public GoToMyPcTarget build() {
      if (client == null) {
        throw new ConfigurationException("GoToMyPcTarget needs a client");
      }
      return new GoToMyPcTarget(this);
    }
  }
}
