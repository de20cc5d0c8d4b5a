package dev.umt.testkit.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in speaks the contract strictly; tested with the JDK's HTTP client, independent of the
 * UMT client.
 */
class GoToMyPcStandInTest {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private GoToMyPcStandIn standIn =
      GoToMyPcStandIn.builder().clientSecret("secret-1").requestsPerSecond(0).build().start();
  private final String company = standIn.addCompany("Example Corp");
  private final String sales = standIn.addGroup(company, "Sales", null);
  private final String license = standIn.addLicense(company, "GoToMyPC", List.of("G2PC"), 2);

  @AfterEach
  void stop() {
    standIn.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder api(String path) {
    return HttpRequest.newBuilder(
        URI.create(standIn.baseUrl() + "admin/rest/v1/accounts/" + company + path));
  }

  private HttpResponse<String> token(String form, String secret)
      throws IOException, InterruptedException {
    String basic =
        Base64.getEncoder()
            .encodeToString(("umt-test-client:" + secret).getBytes(StandardCharsets.UTF_8));
    return send(
        HttpRequest.newBuilder(URI.create(standIn.tokenUrl()))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  private String bearer() throws IOException, InterruptedException {
    return "Bearer "
        + field(
            token(
                    "grant_type=refresh_token&refresh_token=" + standIn.issueRefreshToken(),
                    "secret-1")
                .body(),
            "access_token");
  }

  private HttpResponse<String> json(HttpRequest.Builder request, String method, String body)
      throws IOException, InterruptedException {
    return send(
        request
            .header("Authorization", bearer())
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void bindsToLoopbackOnAFreePort() {
    assertThat(standIn.baseUrl()).startsWith("http://127.0.0.1:").doesNotEndWith(":0/");
  }

  @Test
  void theJdkServerSendsWithoutWaitingForAcknowledgements() {
    assertThat(System.getProperty(GoToMyPcStandIn.NO_DELAY))
        .as("TCP_NODELAY on the stand-in's sockets")
        .isEqualTo("true");
  }

  @Test
  void theTokenEndpointChecksTheClientRotatesRefreshTokensAndHonoursRevocation() throws Exception {
    String refresh = standIn.issueRefreshToken();
    assertThat(token("grant_type=refresh_token&refresh_token=" + refresh, "wrong").statusCode())
        .isEqualTo(401);
    HttpResponse<String> ok =
        token("grant_type=refresh_token&refresh_token=" + refresh, "secret-1");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body())
        .contains(
            "\"token_type\":\"Bearer\"",
            "\"expires_in\":3600",
            "\"principal\":\"manager@example.test\"",
            "\"account_key\":\"" + company + "\"");
    String rotated = field(ok.body(), "refresh_token");
    assertThat(rotated).isNotEqualTo(refresh);
    HttpResponse<String> reused =
        token("grant_type=refresh_token&refresh_token=" + refresh, "secret-1");
    assertThat(reused.statusCode()).isEqualTo(400);
    assertThat(reused.body()).contains("\"error\":\"invalid_grant\"");
    standIn.revokeRefreshTokens();
    assertThat(token("grant_type=refresh_token&refresh_token=" + rotated, "secret-1").statusCode())
        .isEqualTo(400);
    assertThat(token("grant_type=refresh_token&refresh_token=x&extra=1", "secret-1").body())
        .contains("unknown form field 'extra'");
    String code = standIn.issueAuthorizationCode("https://app.example.test/cb");
    assertThat(
            token(
                    "grant_type=authorization_code&code="
                        + code
                        + "&redirect_uri=https%3A%2F%2Fother.example.test",
                    "secret-1")
                .body())
        .contains("redirect_uri does not match");
  }

  @Test
  void apiCallsNeedALiveAccessToken() throws Exception {
    assertThat(send(api("/users")).statusCode()).isEqualTo(401);
    String bearer = bearer();
    assertThat(send(api("/users").header("Authorization", bearer)).statusCode()).isEqualTo(200);
    standIn.expireAccessTokens();
    HttpResponse<String> expired = send(api("/users").header("Authorization", bearer));
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(expired.body()).contains("\"errorCode\":\"INVALID_TOKEN\"");
  }

  @Test
  void tokensExpireAfterTheConfiguredLifetime() throws Exception {
    standIn.tokenLifetime(Duration.ZERO);
    HttpResponse<String> r = send(api("/users").header("Authorization", bearer()));
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void unknownFieldsParametersAndBadValuesGet400NamingThem() throws Exception {
    String user = standIn.addUser(company, "ann@example.test", "Ann", "Able");
    assertThat(
            json(
                    api("/users"),
                    "POST",
                    "{\"users\":[{\"email\":\"b@example.test\",\"firstName\":\"B\","
                        + "\"lastName\":\"B\",\"title\":\"x\"}]}")
                .body())
        .contains("unknown users[0] field 'title'");
    assertThat(
            json(api("/users/" + user), "PUT", "{\"settings\":{\"G2PC\":{\"status\":\"LOCKED\"}}}")
                .body())
        .contains("settings.G2PC.status must be ACTIVE or SUSPENDED, not LOCKED");
    assertThat(
            json(api("/users/" + user), "PUT", "{\"settings\":{\"G2PC\":{\"groupKey\":\"nope\"}}}")
                .statusCode())
        .isEqualTo(400);
    assertThat(json(api("/users/" + user), "PUT", "{\"nickname\":\"x\"}").body())
        .contains("unknown field 'nickname'");
    assertThat(json(api("/users/" + user), "PUT", "{\"lastName\":").body())
        .contains("MALFORMED_JSON");
    assertThat(send(api("/users?pageSize=1001").header("Authorization", bearer())).body())
        .contains("pageSize must be from 1 to 1000, not 1001");
    assertThat(send(api("/users?sort=email").header("Authorization", bearer())).body())
        .contains("unknown query parameter 'sort'");
    assertThat(
            send(api("/users?filter=name%20eq%20%22x%22").header("Authorization", bearer()))
                .statusCode())
        .isEqualTo(400);
    HttpResponse<String> text =
        send(
            api("/users/" + user)
                .header("Authorization", bearer())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(standIn.user(company, "ann@example.test").orElseThrow())
        .isEqualTo(
            new StandInUser(
                user, "ann@example.test", "Ann", "Able", List.of(), null, "ACTIVE", false));
  }

  @Test
  void createAnswersExistingUsersWithTheirKeyAndChecksSeats() throws Exception {
    String ann = standIn.addUser(company, "ann@example.test", "Ann", "Able");
    HttpResponse<String> r =
        json(
            api("/users"),
            "POST",
            "{\"users\":[{\"email\":\"ANN@example.test\",\"firstName\":\"A\",\"lastName\":\"A\"},"
                + "{\"email\":\"bo@example.test\",\"firstName\":\"Bo\",\"lastName\":\"Li\",\"licenseKeys\":[\""
                + license
                + "\"]}],\"suppressEmail\":false}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body())
        .startsWith("[{\"key\":\"" + ann + "\",\"email\":\"ann@example.test\"},{\"key\":\"");
    assertThat(standIn.user(company, "bo@example.test").orElseThrow().invited()).isTrue();
    HttpResponse<String> full =
        json(
            api("/users"),
            "POST",
            "{\"users\":[{\"email\":\"c@example.test\",\"firstName\":\"C\",\"lastName\":\"C\",\"licenseKeys\":[\""
                + license
                + "\"]},{\"email\":\"d@example.test\",\"firstName\":\"D\",\"lastName\":\"D\",\"licenseKeys\":[\""
                + license
                + "\"]}]}");
    assertThat(full.statusCode()).isEqualTo(400);
    assertThat(full.body()).contains("NO_SEATS_LEFT");
    assertThat(standIn.users(company)).hasSize(2);
  }

  @Test
  void emailsStayMatchedIgnoringCaseThroughRenamesAndDeletes() throws Exception {
    String ann = standIn.addUser(company, "ann@example.test", "Ann", "Able");
    String bo = standIn.addUser(company, "bo@example.test", "Bo", "Li");
    assertThat(json(api("/users/" + ann), "PUT", "{\"email\":\"BO@example.test\"}").statusCode())
        .as("another user has the email, whatever its case")
        .isEqualTo(409);
    assertThat(json(api("/users/" + ann), "PUT", "{\"email\":\"Anna@example.test\"}").statusCode())
        .isEqualTo(204);
    assertThat(send(api("/users/" + bo).header("Authorization", bearer()).DELETE()).statusCode())
        .isEqualTo(204);
    HttpResponse<String> r =
        json(
            api("/users"),
            "POST",
            "{\"users\":[{\"email\":\"anna@EXAMPLE.test\",\"firstName\":\"A\",\"lastName\":\"A\"},"
                + "{\"email\":\"ann@example.test\",\"firstName\":\"N\",\"lastName\":\"N\"},"
                + "{\"email\":\"Bo@example.test\",\"firstName\":\"B\",\"lastName\":\"B\"}],"
                + "\"suppressEmail\":true}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body())
        .as("the renamed user answers to its new email; the old one and the deleted one are free")
        .startsWith("[{\"key\":\"" + ann + "\",\"email\":\"Anna@example.test\"},{\"key\":\"");
    assertThat(standIn.users(company))
        .extracting(StandInUser::email)
        .containsExactly("Anna@example.test", "ann@example.test", "Bo@example.test");
    assertThat(
            send(api("/users?filter="
                        + java.net.URLEncoder.encode(
                            "email eq \"BO@example.TEST\"", StandardCharsets.UTF_8))
                    .header("Authorization", bearer()))
                .body())
        .contains("\"email\":\"Bo@example.test\"", "\"total\":1")
        .doesNotContain("\"key\":\"" + bo + "\"");
  }

  @Test
  void usersSeededTwiceWithOneEmailAreBothListedAndTheFirstAnswersACreate() throws Exception {
    String first = standIn.addUser(company, "twin@example.test", "One", "Twin");
    standIn.addUser(company, "TWIN@example.test", "Two", "Twin");
    assertThat(
            send(api("/users?filter="
                        + java.net.URLEncoder.encode(
                            "email eq \"twin@example.test\"", StandardCharsets.UTF_8))
                    .header("Authorization", bearer()))
                .body())
        .contains("\"total\":2");
    assertThat(
            json(
                    api("/users"),
                    "POST",
                    "{\"users\":[{\"email\":\"Twin@example.test\",\"firstName\":\"T\",\"lastName\":\"T\"}]}")
                .body())
        .startsWith("[{\"key\":\"" + first + "\"");
  }

  @Test
  void newUsersLandInTheCompanysNewUsersGroupWhenOneIsSet() throws Exception {
    String before =
        "{\"users\":[{\"email\":\"a@example.test\",\"firstName\":\"A\",\"lastName\":\"A\"}]}";
    assertThat(json(api("/users"), "POST", before).statusCode()).isEqualTo(201);
    standIn.newUsersGroup(company, sales);
    assertThat(
            json(
                    api("/users"),
                    "POST",
                    "{\"users\":[{\"email\":\"b@example.test\",\"firstName\":\"B\",\"lastName\":\"B\"},"
                        + "{\"email\":\"a@example.test\",\"firstName\":\"A\",\"lastName\":\"A\"}]}")
                .statusCode())
        .isEqualTo(201);
    assertThat(standIn.users(company))
        .extracting(StandInUser::email, StandInUser::groupKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a@example.test", null),
            org.assertj.core.groups.Tuple.tuple("b@example.test", sales));
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> standIn.newUsersGroup(company, "no-such-group")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no group no-such-group in company " + company);
  }

  @Test
  void aHoldLetsRequestsOnOnlyWhenAllHaveArrivedOrItsTimeoutPassed() throws Exception {
    String bearer = bearer();
    standIn.holdUntilTogether("GET", ".*/licenses", 2, Duration.ofMinutes(1));
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> both = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      both.add(
          http.sendAsync(
              api("/licenses").header("Authorization", bearer).build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (var f : both) {
      assertThat(f.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(200);
    }
    assertThat(standIn.heldTogether()).isTrue();

    standIn.holdUntilTogether("GET", ".*/licenses", 2, Duration.ofMillis(20));
    assertThat(send(api("/licenses").header("Authorization", bearer)).statusCode()).isEqualTo(200);
    assertThat(standIn.heldTogether()).as("one request alone waited out the timeout").isFalse();
  }

  @Test
  void theConflictModeAnswers409ForAnExistingUser() throws Exception {
    standIn.close();
    standIn =
        GoToMyPcStandIn.builder().clientSecret("secret-1").conflictOnExisting(true).build().start();
    String c = standIn.addCompany("Other");
    standIn.addUser(c, "ann@example.test", "Ann", "Able");
    HttpResponse<String> r =
        json(
            HttpRequest.newBuilder(
                URI.create(standIn.baseUrl() + "admin/rest/v1/accounts/" + c + "/users")),
            "POST",
            "{\"users\":[{\"email\":\"ann@example.test\",\"firstName\":\"A\",\"lastName\":\"A\"}]}");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.body()).contains("USER_EXISTS");
  }

  @Test
  void usersArePagedFilteredAndTrimmedToTheAttributes() throws Exception {
    for (int i = 0; i < 5; i++) {
      standIn.addUser(company, "u" + i + "@example.test", "U" + i, "L" + i);
    }
    String bearer = bearer();
    HttpResponse<String> page =
        send(
            api("/users?offset=3&pageSize=10&attributes=key,email")
                .header("Authorization", bearer));
    assertThat(page.body())
        .matches(
            "\\{\"results\":\\["
                + "\\{\"key\":\"\\d+\",\"email\":\"u3@example.test\"},"
                + "\\{\"key\":\"\\d+\",\"email\":\"u4@example.test\"}],\"total\":5}");
    HttpResponse<String> found =
        send(
            api("/users?filter="
                    + java.net.URLEncoder.encode(
                        "email eq \"U2@EXAMPLE.test\"", StandardCharsets.UTF_8))
                .header("Authorization", bearer));
    assertThat(found.body())
        .contains(
            "\"email\":\"u2@example.test\"",
            "\"total\":1",
            "\"settings\":{\"G2PC\":{\"status\":\"ACTIVE\"}}");
  }

  @Test
  void groupsAndLicensesAreListedAndSubgroupsCreated() throws Exception {
    HttpResponse<String> created =
        json(api("/groups"), "POST", "{\"name\":\"EMEA\",\"parentKey\":\"" + sales + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"name\":\"EMEA\",\"parentKey\":\"" + sales + "\"");
    assertThat(send(api("/groups").header("Authorization", bearer())).body())
        .contains("\"total\":2");
    assertThat(send(api("/licenses").header("Authorization", bearer())).body())
        .isEqualTo(
            "{\"results\":[{\"key\":\""
                + license
                + "\",\"name\":\"GoToMyPC\",\"products\":[\"G2PC\"],\"seats\":2,\"seatsUsed\":0}]}");
    assertThat(json(api("/groups"), "POST", "{\"name\":\"X\",\"parentKey\":\"nope\"}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void theRateLimitAnswers429AndIsCounted() throws Exception {
    String bearer = bearer();
    standIn.requestsPerSecond(1);
    int tooMany = 0;
    for (int i = 0; i < 5; i++) {
      if (send(api("/licenses").header("Authorization", bearer)).statusCode() == 429) {
        tooMany++;
      }
    }
    assertThat(tooMany).isPositive();
    assertThat(standIn.tooManyRequestsCount()).isEqualTo(tooMany);
  }

  @Test
  void theRateLimitCountsEveryRequestInAnySlidingSecond() throws Exception {
    AtomicLong now = new AtomicLong();
    standIn.close();
    standIn =
        GoToMyPcStandIn.builder()
            .clientSecret("secret-1")
            .requestsPerSecond(2)
            .rateClock(now::get)
            .build()
            .start();
    String key = standIn.addCompany("Paced Corp");
    String bearer = bearer();
    List<Integer> statuses = new ArrayList<>();
    // Seconds of arrival: a token bucket of 2 refilled at 2 per second would answer 200 at 0.999
    // (it has refilled 1.998
    // permits); the sliding window holds 0, 0.5 and 0.999 then, one more than 2. The 429 at 0.999
    // counts too, so 1.4 is refused.
    for (long millis : new long[] {0, 500, 999, 1_400, 2_000, 2_000}) {
      now.set(TimeUnit.MILLISECONDS.toNanos(millis));
      statuses.add(
          send(HttpRequest.newBuilder(
                      URI.create(standIn.baseUrl() + "admin/rest/v1/accounts/" + key + "/licenses"))
                  .header("Authorization", bearer))
              .statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 429, 429, 200, 429);
    assertThat(standIn.tooManyRequestsCount()).isEqualTo(3);
    assertThat(standIn.maxRequestsInAnySecond()).as("the fullest windows hold three").isEqualTo(3);
  }

  @Test
  void aNewLimitCountsOnlyTheRequestsThatArriveUnderIt() throws Exception {
    AtomicLong now = new AtomicLong();
    standIn.close();
    standIn =
        GoToMyPcStandIn.builder()
            .clientSecret("secret-1")
            .requestsPerSecond(0)
            .rateClock(now::get)
            .build()
            .start();
    String key = standIn.addCompany("Burst Corp");
    String bearer = bearer();
    HttpRequest.Builder licenses =
        HttpRequest.newBuilder(
                URI.create(standIn.baseUrl() + "admin/rest/v1/accounts/" + key + "/licenses"))
            .header("Authorization", bearer);
    for (int i = 0; i < 5; i++) {
      assertThat(send(licenses).statusCode()).as("no limit").isEqualTo(200);
    }
    standIn.requestsPerSecond(2);
    // Within the same second as the burst: the burst does not count against the new limit.
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(send(licenses).statusCode());
    }
    assertThat(statuses).containsExactly(200, 200, 429);
    assertThat(standIn.maxRequestsInAnySecond())
        .as("what it saw before the change is kept")
        .isEqualTo(5);
  }

  @Test
  void injectedFailuresAndDroppedConnections() throws Exception {
    String bearer = bearer();
    standIn.failNext(1, 503, "7");
    HttpResponse<String> failed = send(api("/licenses").header("Authorization", bearer));
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Retry-After")).contains("7");
    standIn.dropNext(1);
    Throwable dropped =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                send(
                    api("/users")
                        .header("Authorization", bearer)
                        .header("Content-Type", "application/json")
                        .POST(
                            HttpRequest.BodyPublishers.ofString(
                                "{\"users\":[{\"email\":\"x@example.test\","
                                    + "\"firstName\":\"X\",\"lastName\":\"X\"}]}"))));
    assertThat(dropped).isInstanceOf(IOException.class);
    assertThat(standIn.users(company)).as("a dropped request does nothing").isEmpty();
    assertThat(send(api("/licenses").header("Authorization", bearer)).statusCode()).isEqualTo(200);
    assertThat(standIn.requests())
        .extracting(StandInRequest::status)
        .containsSubsequence(503, 0, 200);
    assertThat(standIn.tooManyRequestsCount()).isZero();
  }

  @Test
  void aForbiddenOrUnknownCompany() throws Exception {
    standIn.forbidCompany(company);
    assertThat(send(api("/users").header("Authorization", bearer())).statusCode()).isEqualTo(403);
    HttpResponse<String> unknown =
        send(
            HttpRequest.newBuilder(
                    URI.create(standIn.baseUrl() + "admin/rest/v1/accounts/42/users"))
                .header("Authorization", bearer()));
    assertThat(unknown.statusCode()).isEqualTo(404);
  }
}
