package dev.umt.benchmarks;

import dev.umt.Secret;
import dev.umt.gotomypc.ApiConventions;
import dev.umt.gotomypc.GoToMyPcClient;
import dev.umt.gotomypc.NewUser;
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
 * Times creating 1,000 users through the GoToMyPC client against the stand-in server at its
 * documented limit of 10 requests per second, for several batch sizes, and prints each time next
 * to its bound (1,000 / batch size / 10 per second) and the number of 429 answers (which must be
 * 0: the client paces itself). The last line does the same through {@link GoToMyPcTarget}.
 *
 * <pre>{@code
 * mvn -B -o -q -pl umt-benchmarks compile exec:java -Dexec.mainClass=dev.umt.benchmarks.CreateThousandUsers [-Dexec.args="100 50 20"]
 * }</pre>
 */
public final class CreateThousandUsers {
  private static final int USERS = 1000;
  private static final int REQUESTS_PER_SECOND = 10;

  private CreateThousandUsers() {}

  public static void main(String[] args) {
    int[] batchSizes = args.length == 0 ? new int[] {100, 50, 20} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf(Locale.ROOT, "creating %d users through the GoToMyPC stand-in at %d requests/s (Java %s, %d cores)%n",
        USERS, REQUESTS_PER_SECOND, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
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
        .build();
  }

  private static List<NewUser> users(String domain, String license) {
    return IntStream.range(0, USERS).mapToObj(i -> new NewUser("user" + i + "@" + domain, "First" + i, "Last" + i, List.of(license))).toList();
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
    try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().requestsPerSecond(REQUESTS_PER_SECOND).build().start()) {
      String company = standIn.addCompany("Example Corp");
      String license = standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), USERS);
      try (GoToMyPcClient client = client(standIn, batch)) {
        client.company(company).licenses();
        List<NewUser> users = users("example.test", license);
        long start = System.nanoTime();
        client.company(company).createUsers(users, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long posts = standIn.requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/users")).count();
        return report("client.createUsers, batch " + batch, seconds, posts, (double) USERS / batch / REQUESTS_PER_SECOND, batch,
            standIn.users(company).size(), standIn.tooManyRequestsCount());
      }
    }
  }

  private static boolean runTarget() {
    try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().requestsPerSecond(REQUESTS_PER_SECOND).build().start()) {
      String company = standIn.addCompany("Example Corp");
      standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), USERS);
      try (GoToMyPcTarget target = GoToMyPcTarget.builder().client(client(standIn, 100)).company(company).ownsClient(true).build()) {
        target.license();
        List<NewAccount> accounts = IntStream.range(0, USERS)
            .mapToObj(i -> new NewAccount("user" + i + "@example.test", "First" + i, "Last" + i, null, true, false)).toList();
        long before = standIn.requests().size();
        long start = System.nanoTime();
        List<CreateResult> results = target.create(accounts);
        double seconds = (System.nanoTime() - start) / 1e9;
        long created = results.stream().filter(r -> r.outcome() == CreateResult.Outcome.CREATED).count();
        List<StandInRequest> all = standIn.requests();
        long requests = all.size() - before;
        boolean ok = report("GoToMyPcTarget.create (+1 listing for the email index)", seconds, requests,
            (double) USERS / 100 / REQUESTS_PER_SECOND, 100, standIn.users(company).size(), standIn.tooManyRequestsCount());
        return ok && created == USERS;
      }
    }
  }

  private static boolean report(String what, double seconds, long requests, double bound, int batch, int users, long tooMany) {
    System.out.printf(Locale.ROOT, "%-55s %5.2f s  (bound %d / %d / %d per s = %.2f s)  %3d requests  %4d users  %d x 429%n",
        what, seconds, USERS, batch, REQUESTS_PER_SECOND, bound, requests, users, tooMany);
    return users == USERS && tooMany == 0;
  }
}
