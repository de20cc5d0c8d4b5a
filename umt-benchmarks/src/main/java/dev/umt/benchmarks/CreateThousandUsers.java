package dev.umt.benchmarks;

import dev.umt.Secret;
import dev.umt.gotomypc.ApiConventions;
import dev.umt.gotomypc.GoToMyPcClient;
import dev.umt.gotomypc.NewUser;
import dev.umt.gotomypc.RateLimitPolicy;
import dev.umt.gotomypc.TokenStore;
import dev.umt.gotomypc.target.GoToMyPcTarget;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInRequest;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Times creating 1,000 users through the GoToMyPC client against the stand-in server, which
 * enforces the service's documented limit of 10 requests per second, for several batch sizes. The
 * client runs at its configured pace, {@link RateLimitPolicy#DEFAULT} (before issue 12: 8 requests
 * per second, a margin under the service's 10), and each time is printed next to its bound at that
 * pace (the requests the run made / the pace: evenly spaced requests cannot go faster), the ratio
 * of the two, and the number of 429 answers (which must be 0). The last line does the same through
 * {@link GoToMyPcTarget}.
 *
 * <pre>{@code
 * mvn -B -q -pl umt-benchmarks -am compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=runtime
 * java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp "umt-benchmarks/target/classes:$(cat umt-benchmarks/target/cp.txt)" \
 *     dev.umt.benchmarks.CreateThousandUsers [100 50 20]
 * }</pre>
 */
public final class CreateThousandUsers {
  private static final int USERS = 1000;

  /** The pace the client is built with, and so the pace each bound is measured against. */
  private static final RateLimitPolicy PACE = RateLimitPolicy.DEFAULT;

  private CreateThousandUsers() {}

  public static void main(String[] args) {
    int[] batchSizes =
        args.length == 0
            ? new int[] {100, 50, 20}
            : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf(
        Locale.ROOT,
        "creating %d users through the GoToMyPC stand-in (limit %d requests/s), client pace %s"
            + " requests/s (Java %s, %d cores)%n",
        USERS,
        RateLimitPolicy.SERVICE_LIMIT_PER_SECOND,
        pace(),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    warmUp();
    boolean ok = true;
    for (int batch : batchSizes) {
      ok &= runClient(batch);
    }
    ok &= runTarget();
    if (!ok) {
      System.exit(1);
    }
  }

  private static GoToMyPcClient client(GoToMyPcStandIn standIn, int batch) {
    return GoToMyPcClient.builder()
        .baseUrl(standIn.baseUrl())
        .tokenUrl(standIn.tokenUrl())
        .clientId(standIn.clientId())
        .clientSecret(Secret.of(standIn.clientSecret()))
        .tokenStore(TokenStore.inMemory(Secret.of(standIn.issueRefreshToken())))
        .conventions(ApiConventions.DEFAULT.withMaxUsersPerCreate(batch))
        .rateLimit(PACE)
        .build();
  }

  private static List<NewUser> users(String domain, String license) {
    return IntStream.range(0, USERS)
        .mapToObj(
            i -> new NewUser("user" + i + "@" + domain, "First" + i, "Last" + i, List.of(license)))
        .toList();
  }

  private static void warmUp() {
    try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().requestsPerSecond(0).build().start()) {
      String company = standIn.addCompany("Warm-up");
      String license = standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), USERS);
      try (GoToMyPcClient client = client(standIn, 100)) {
        client.company(company).createUsers(users("warmup.example.test", license), false);
        client.company(company).allUsers();
      }
    }
  }

  private static boolean runClient(int batch) {
    try (GoToMyPcStandIn standIn =
        GoToMyPcStandIn.builder()
            .requestsPerSecond(RateLimitPolicy.SERVICE_LIMIT_PER_SECOND)
            .build()
            .start()) {
      String company = standIn.addCompany("Example Corp");
      String license = standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), USERS);
      try (GoToMyPcClient client = client(standIn, batch)) {
        client.company(company).licenses();
        List<NewUser> users = users("example.test", license);
        long start = System.nanoTime();
        client.company(company).createUsers(users, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long posts =
            standIn.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/users"))
                .count();
        return report(
            "client.createUsers, batch " + batch,
            seconds,
            posts,
            standIn.users(company).size(),
            standIn.tooManyRequestsCount());
      }
    }
  }

  private static boolean runTarget() {
    try (GoToMyPcStandIn standIn =
        GoToMyPcStandIn.builder()
            .requestsPerSecond(RateLimitPolicy.SERVICE_LIMIT_PER_SECOND)
            .build()
            .start()) {
      String company = standIn.addCompany("Example Corp");
      standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), USERS);
      try (GoToMyPcTarget target =
          GoToMyPcTarget.builder()
              .client(client(standIn, 100))
              .company(company)
              .ownsClient(true)
              .build()) {
        target.license();
        List<NewAccount> accounts =
            IntStream.range(0, USERS)
                .mapToObj(
                    i ->
                        new NewAccount(
                            "user" + i + "@example.test",
                            "First" + i,
                            "Last" + i,
                            null,
                            true,
                            false))
                .toList();
        long before = standIn.requests().size();
        long start = System.nanoTime();
        List<CreateResult> results = target.create(accounts);
        double seconds = (System.nanoTime() - start) / 1e9;
        long created =
            results.stream().filter(r -> r.outcome() == CreateResult.Outcome.CREATED).count();
        List<StandInRequest> all = standIn.requests();
        long requests = all.size() - before;
        boolean ok =
            report(
                "GoToMyPcTarget.create, batch 100 (+1 listing for the email index)",
                seconds,
                requests,
                standIn.users(company).size(),
                standIn.tooManyRequestsCount());
        return ok && created == USERS;
      }
    }
  }

  /** The configured pace in requests per second, as printed. */
  private static String pace() {
    double pace = PACE.requestsPerSecond();
    return pace == Math.rint(pace)
        ? Long.toString((long) pace)
        : String.format(Locale.ROOT, "%.2f", pace);
  }

  /**
   * Prints one run next to its bound at the configured pace: {@code requests / pace}, the time the
   * run's requests take when sent one every {@link RateLimitPolicy#spacing()}.
   */
  private static boolean report(
      String what, double seconds, long requests, int users, long tooMany) {
    double bound = requests / PACE.requestsPerSecond();
    System.out.printf(
        Locale.ROOT,
        "%-66s %5.2f s  (bound %d requests / %s per s = %.2f s, ratio %.2f)  %4d users  %d x 429%n",
        what,
        seconds,
        requests,
        pace(),
        bound,
        seconds / bound,
        users,
        tooMany);
    return users == USERS && tooMany == 0;
  }
}
