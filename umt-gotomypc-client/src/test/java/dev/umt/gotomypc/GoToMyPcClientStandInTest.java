package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInUser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client end to end against the stateful stand-in server. */
class GoToMyPcClientStandInTest {
  private final StandInFixture fixture = new StandInFixture();
  private final GoToMyPcStandIn standIn = fixture.standIn;
  private GoToMyPcClient client = fixture.client().build();

  @AfterEach
  void tearDown() {
    client.close();
    fixture.close();
  }

  @Test
  void choosesACompanyAndManagesAUserThroughItsLife() {
    assertThat(client.companies())
        .extracting(Company::name)
        .containsExactly("Example Corp", "Example Labs");
    CompanyClient company = client.company(client.chooseCompany("Example Corp").key());
    List<CreatedUser> created =
        company.createUsers(
            List.of(new NewUser("ann@example.test", "Ann", "Able", List.of(fixture.license))),
            true);
    String key = created.get(0).key();
    company.updateUser(
        key,
        UserChanges.NONE
            .withGroupKey(company.findGroupByPath("Sales/EMEA").orElseThrow().key())
            .withLastName("Archer"));
    assertThat(company.user(key))
        .isEqualTo(
            new User(
                key,
                "ann@example.test",
                "Ann",
                "Archer",
                List.of(fixture.license),
                fixture.emea,
                UserStatus.ACTIVE));
    company.suspend(key);
    assertThat(company.findUserByEmail("ANN@example.test").orElseThrow().status())
        .isEqualTo(UserStatus.SUSPENDED);
    assertThat(standIn.user(fixture.company, "ann@example.test").orElseThrow().groupKey())
        .as("suspend keeps the group")
        .isEqualTo(fixture.emea);
    company.reactivate(key);
    assertThat(company.revokeLicense(key, fixture.license)).isTrue();
    assertThat(standIn.user(fixture.company, "ann@example.test").orElseThrow())
        .isEqualTo(
            new StandInUser(
                key, "ann@example.test", "Ann", "Archer", List.of(), fixture.emea, "ACTIVE", true));
    assertThat(company.grantLicense(key, fixture.license)).isTrue();
    assertThat(standIn.seatsUsed(fixture.company, fixture.license)).isEqualTo(1);
    company.deleteUser(key);
    assertThat(company.findUserByEmail("ann@example.test")).isEmpty();
    assertThatThrownBy(() -> company.user(key))
        .isInstanceOf(GoToMyPcNotFoundException.class)
        .hasMessage(
            "GoToMyPC does not know it: GET /admin/rest/v1/accounts/"
                + fixture.company
                + "/users/"
                + key
                + " for user "
                + key
                + " answered HTTP 404 NOT_FOUND: no user "
                + key
                + " in account "
                + fixture.company);
  }

  @Test
  void theStandInRejectsBadValuesAndTheClientSaysWhichUser() {
    CompanyClient company = client.company(fixture.company);
    assertThatThrownBy(
            () ->
                company.createUsers(
                    List.of(new NewUser("not-an-email", "A", "B", List.of())), false))
        .isInstanceOfSatisfying(
            GoToMyPcValidationException.class,
            e -> {
              assertThat(e.details().subject()).isEqualTo("not-an-email");
              assertThat(e.details().errorCode()).isEqualTo("INVALID_EMAIL");
            });
    assertThatThrownBy(
            () ->
                company.createUsers(
                    List.of(new NewUser("x@example.test", "A", "B", List.of("no-such-license"))),
                    false))
        .isInstanceOf(GoToMyPcValidationException.class)
        .hasMessageContaining(
            "INVALID_LICENSE: users[0].licenseKeys: no-such-license is not a license of account "
                + fixture.company);
    assertThat(standIn.users(fixture.company)).isEmpty();
  }

  @Test
  void groupsFormATreeAndNewSubgroupsAreFoundByPath() {
    CompanyClient company = client.company(fixture.company);
    assertThat(company.groupTree())
        .extracting(GroupNode::path)
        .containsExactly("Engineering", "Sales");
    Group nordics = company.createGroup("Nordics", fixture.emea);
    assertThat(company.findGroupByPath("Sales/EMEA/Nordics")).contains(nordics);
    assertThat(nordics.parentKey()).isEqualTo(fixture.emea);
    assertThatThrownBy(() -> company.createGroup("Nordics", fixture.emea))
        .isInstanceOf(GoToMyPcConflictException.class);
  }

  @Test
  void licensesShowTheirSeats() {
    CompanyClient company = client.company(fixture.company);
    company.createUsers(
        List.of(
            new NewUser("a@example.test", "A", "A", List.of(fixture.license)),
            new NewUser("b@example.test", "B", "B", List.of(fixture.license))),
        false);
    License g2pc = company.gotoMyPcLicense();
    assertThat(g2pc)
        .isEqualTo(new License(fixture.license, "GoToMyPC Corporate", List.of("G2PC"), 2000, 2));
    assertThat(g2pc.seatsFree()).isEqualTo(1998);
  }

  @Test
  void aForbiddenCompanyIsAPermissionError() {
    standIn.forbidCompany(fixture.otherCompany);
    assertThatThrownBy(() -> client.company(fixture.otherCompany).users(0, 10))
        .isInstanceOf(GoToMyPcPermissionException.class)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("answered HTTP 403 FORBIDDEN");
  }

  @Test
  void expiredAccessTokensAreRefreshedAndRotatedRefreshTokensPersistedToAnOwnerOnlyFile(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("umt").resolve("gotomypc.token");
    TokenStore store = TokenStore.open(file);
    store.save(Secret.of(standIn.issueRefreshToken()));
    client.close();
    client = fixture.client().tokenStore(store).build();
    client.companies();
    String afterFirst = Files.readString(file).trim();
    standIn.expireAccessTokens();
    client.companies();
    String afterSecond = Files.readString(file).trim();
    assertThat(afterSecond).startsWith("rt-").isNotEqualTo(afterFirst);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(standIn.requests())
        .extracting(Object::toString)
        .containsSubsequence(
            "POST /oauth/token -> 200",
            "GET /admin/rest/v1/me -> 200",
            "GET /admin/rest/v1/me -> 401",
            "POST /oauth/token -> 200",
            "GET /admin/rest/v1/me -> 200");
    GoToMyPcClient next = fixture.client().tokenStore(TokenStore.open(file)).build();
    assertThat(next.companies()).hasSize(2);
    next.close();
  }

  @Test
  void aRevokedRefreshTokenEndsInAnAuthenticationError() {
    standIn.revokeRefreshTokens();
    assertThatThrownBy(() -> client.companies())
        .isInstanceOf(GoToMyPcAuthenticationException.class)
        .hasMessageContaining(
            "answered HTTP 400 invalid_grant: the refresh token is invalid, expired or revoked; ");
  }

  @Test
  void theOneTimeSetUpExchangesACodeAndStoresTheRefreshToken() {
    TokenStore store = TokenStore.inMemory(null);
    client.close();
    client = fixture.client().tokenStore(store).build();
    URI redirect = URI.create("https://umt.example.test/callback");
    assertThat(client.authorizationUrl(redirect).toString())
        .startsWith(standIn.authorizeUrl() + "?client_id=umt-test-client&response_type=code");
    String code = standIn.issueAuthorizationCode(redirect.toString());
    GrantInfo info = client.exchangeCode(code, redirect);
    assertThat(info.principal()).isEqualTo(standIn.managerEmail());
    assertThat(store.load()).isPresent();
    assertThat(client.companies()).hasSize(2);
    assertThatThrownBy(() -> client.exchangeCode(code, redirect))
        .isInstanceOf(GoToMyPcAuthenticationException.class)
        .hasMessageContaining(
            "invalid_grant: the authorization code is invalid or used; the code is used up or"
                + " expired");
  }

  @Test
  void injectedFaultsAreRetriedTransparently() {
    CompanyClient company = client.company(fixture.company);
    standIn.failNext(2, 503);
    assertThat(company.users(0, 10).users()).isEmpty();
    standIn.dropNext(1);
    assertThat(company.users(0, 10).users()).isEmpty();
    standIn.failNext(1, 429, "0");
    assertThat(company.licenses()).hasSize(2);
    assertThat(standIn.requests())
        .extracting(Object::toString)
        .containsSubsequence(
            "GET /admin/rest/v1/accounts/" + fixture.company + "/users -> 503",
            "GET /admin/rest/v1/accounts/" + fixture.company + "/users -> 503",
            "GET /admin/rest/v1/accounts/" + fixture.company + "/users -> 200",
            "GET /admin/rest/v1/accounts/" + fixture.company + "/users -> 0",
            "GET /admin/rest/v1/accounts/" + fixture.company + "/users -> 200",
            "GET /admin/rest/v1/accounts/" + fixture.company + "/licenses -> 429",
            "GET /admin/rest/v1/accounts/" + fixture.company + "/licenses -> 200");
  }

  @Test
  void latencyBeyondTheRequestTimeoutIsUnavailableAfterTheRetries() {
    client.close();
    client = fixture.client().requestTimeout(Duration.ofMillis(100)).build();
    client.companies();
    standIn.latency(Duration.ofMillis(1000));
    assertThatThrownBy(() -> client.company(fixture.company).licenses())
        .isInstanceOfSatisfying(
            GoToMyPcUnavailableException.class,
            e -> assertThat(e.details().errorMessage()).startsWith("timed out"));
    standIn.latency(Duration.ZERO);
    assertThat(client.company(fixture.company).licenses()).hasSize(2);
  }

  @Test
  void creatingAThousandUsersAtTheStandInsTenRequestsPerSecondMeetsNo429() {
    CompanyClient company = client.company(fixture.company);
    List<NewUser> users =
        IntStream.range(0, 1000)
            .mapToObj(
                i ->
                    new NewUser(
                        "user" + i + "@bulk.example.test",
                        "First" + i,
                        "Last" + i,
                        List.of(fixture.license)))
            .toList();
    List<CreatedUser> created = company.createUsers(users, false);
    assertThat(created).hasSize(1000).extracting(CreatedUser::key).doesNotHaveDuplicates();
    assertThat(standIn.users(fixture.company)).hasSize(1000);
    assertThat(company.allUsers()).hasSize(1000);
    assertThat(standIn.seatsUsed(fixture.company, fixture.license)).isEqualTo(1000);
    assertThat(standIn.tooManyRequestsCount()).isZero();
  }

  @Test
  void aClientPacedAtTheLimitMeetsNo429EvenWithSmallBatches() {
    client.close();
    client = fixture.client().conventions(ApiConventions.DEFAULT.withMaxUsersPerCreate(20)).build();
    CompanyClient company = client.company(fixture.company);
    List<NewUser> users =
        IntStream.range(0, 1000)
            .mapToObj(
                i ->
                    new NewUser(
                        "user" + i + "@small.example.test", "First" + i, "Last" + i, List.of()))
            .toList();
    company.createUsers(users, false);
    assertThat(standIn.users(fixture.company)).hasSize(1000);
    assertThat(
            standIn.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/users")))
        .hasSize(50);
    assertThat(standIn.tooManyRequestsCount()).isZero();
  }

  @Test
  void aClientFasterThanTheLimitIsAnswered429AndRecoversByRetrying() {
    client.close();
    client =
        fixture
            .client()
            .rateLimit(RateLimitPolicy.perSecond(1000))
            .retry(
                new RetryPolicy(
                    20,
                    Duration.ofMillis(50),
                    2.0,
                    Duration.ofMillis(400),
                    0.5,
                    Duration.ofSeconds(2)))
            .build();
    CompanyClient company = client.company(fixture.company);
    for (int i = 0; i < 30; i++) {
      company.users(0, 1);
    }
    assertThat(standIn.tooManyRequestsCount()).isPositive();
  }
}
