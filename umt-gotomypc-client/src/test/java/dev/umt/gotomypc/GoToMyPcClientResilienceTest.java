package dev.umt.gotomypc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.umt.AccountRejectedException;
import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.TemporaryFailureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the client behaves when the service fails: 429, 5xx, resets, timeouts, malformed JSON, 401,
 * revoked tokens.
 */
class GoToMyPcClientResilienceTest {
  static final String ME = "/admin/rest/v1/me";
  static final String ME_JSON =
      "{\"key\":\"9\",\"email\":\"m@example.test\",\"accounts\":[{\"key\":\"555\",\"name\":\"Example"
          + " Corp\"}]}";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1))
          .build();

  private TokenStore store;
  private GoToMyPcClient client;

  static RetryPolicy fastRetries(int attempts) {
    return new RetryPolicy(
        attempts, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), 0.5, Duration.ofSeconds(2));
  }

  GoToMyPcClient.Builder builder() {
    return GoToMyPcClient.builder()
        .baseUrl(wm.baseUrl())
        .tokenUrl(wm.baseUrl() + "/oauth/token")
        .clientId("client-1")
        .clientSecret(Secret.of("s3cret-value"))
        .tokenStore(store)
        .rateLimit(RateLimitPolicy.perSecond(1000))
        .retry(fastRetries(3));
  }

  static ResponseDefinitionBuilder token(String access, String refresh) {
    return okJson(
        "{\"access_token\":\""
            + access
            + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\""
            + refresh
            + "\"}");
  }

  /** Answers the stubs in turn, the last one from then on. */
  static void sequence(Supplier<MappingBuilder> request, ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder m =
          request.get().inScenario("sequence").whenScenarioStateIs(i == 0 ? STARTED : "step" + i);
      if (i < answers.length - 1) {
        m = m.willSetStateTo("step" + (i + 1));
      }
      wm.stubFor(m.willReturn(answers[i]));
    }
  }

  @BeforeEach
  void setUp() {
    store = TokenStore.inMemory(Secret.of("rt-1"));
    wm.stubFor(post("/oauth/token").willReturn(token("at-1", "rt-2")));
    client = builder().build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private int apiCalls() {
    return wm.findAll(getRequestedFor(urlPathEqualTo(ME))).size();
  }

  @Test
  void a429WithoutRetryAfterIsRetriedWithBackoff() {
    sequence(
        () -> get(ME), aResponse().withStatus(429), aResponse().withStatus(429), okJson(ME_JSON));
    assertThat(client.me().email()).isEqualTo("m@example.test");
    assertThat(apiCalls()).isEqualTo(3);
  }

  @Test
  void a429WithARetryAfterWithinTheLimitIsHonouredAndOneBeyondItEndsTheRetries() {
    sequence(
        () -> get(ME), aResponse().withStatus(429).withHeader("Retry-After", "1"), okJson(ME_JSON));
    assertThat(client.me().email()).isEqualTo("m@example.test");
    assertThat(apiCalls()).isEqualTo(2);

    wm.resetAll();
    wm.stubFor(post("/oauth/token").willReturn(token("at-1", "rt-2")));
    wm.stubFor(
        get(ME)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "120")
                    .withBody("{\"errorCode\":\"TOO_MANY\",\"message\":\"slow down\"}")));
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcRateLimitedException.class)
        .isInstanceOf(TemporaryFailureException.class)
        .hasMessage(
            "GoToMyPC kept answering too many requests: GET /admin/rest/v1/me for the signed-in"
                + " manager answered HTTP 429 TOO_MANY: slow down");
    assertThat(apiCalls())
        .as("a Retry-After of 120 s is beyond maxRetryAfter of 2 s: no retry")
        .isEqualTo(1);
  }

  @Test
  void retriesEndAfterMaxAttemptsWithTheLastFailure() {
    wm.stubFor(get(ME).willReturn(aResponse().withStatus(429)));
    assertThatThrownBy(() -> client.me())
        .isInstanceOfSatisfying(
            GoToMyPcRateLimitedException.class,
            e -> {
              assertThat(e.details().status()).isEqualTo(429);
              assertThat(e.details().request()).isEqualTo("GET /admin/rest/v1/me");
            });
    assertThat(apiCalls()).isEqualTo(3);
  }

  @Test
  void gatewayErrorsAreRetriedAndAPlain500IsNot() {
    sequence(
        () -> get(ME), aResponse().withStatus(502), aResponse().withStatus(503), okJson(ME_JSON));
    assertThat(client.me().companies()).containsExactly(new Company("555", "Example Corp"));
    assertThat(apiCalls()).isEqualTo(3);

    wm.resetAll();
    wm.stubFor(post("/oauth/token").willReturn(token("at-1", "rt-2")));
    wm.stubFor(
        get(ME).willReturn(aResponse().withStatus(504).withBody("<html>gateway timeout</html>")));
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcUnavailableException.class)
        .hasMessage(
            "GoToMyPC is unavailable: GET /admin/rest/v1/me for the signed-in manager answered HTTP"
                + " 504: <html>gateway timeout</html>");
    assertThat(apiCalls()).isEqualTo(3);

    wm.resetAll();
    wm.stubFor(post("/oauth/token").willReturn(token("at-1", "rt-2")));
    wm.stubFor(get(ME).willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(() -> client.me()).isInstanceOf(GoToMyPcUnavailableException.class);
    assertThat(apiCalls()).isEqualTo(1);
  }

  @Test
  void clientErrorsAreNotRetriedAndCarryTheParsedBodyAndTheUser() {
    String users = "/admin/rest/v1/accounts/555/users/u1";
    wm.stubFor(
        put(users)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"errorCode\":\"INVALID_EMAIL\",\"message\":\"email is not valid\"}")));
    CompanyClient company = client.company("555");
    assertThatThrownBy(() -> company.updateUser("u1", UserChanges.NONE.withEmail("bad")))
        .isInstanceOfSatisfying(
            GoToMyPcValidationException.class,
            e -> {
              assertThat(e).isInstanceOf(AccountRejectedException.class);
              assertThat(e.details())
                  .isEqualTo(
                      new ErrorDetails(
                          400,
                          "PUT " + users,
                          "INVALID_EMAIL",
                          "email is not valid",
                          null,
                          "user u1"));
            })
        .hasMessage(
            "GoToMyPC rejected the request as invalid: PUT "
                + users
                + " for user u1 answered HTTP 400 INVALID_EMAIL: email is not valid");
    wm.stubFor(put(users).willReturn(aResponse().withStatus(403).withBody("no role")));
    assertThatThrownBy(() -> company.updateUser("u1", UserChanges.NONE.withEmail("bad")))
        .isInstanceOf(GoToMyPcPermissionException.class)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "GoToMyPC refused permission: PUT "
                + users
                + " for user u1 answered HTTP 403: no role");
    wm.stubFor(put(users).willReturn(aResponse().withStatus(404)));
    assertThatThrownBy(() -> company.updateUser("u1", UserChanges.NONE.withEmail("bad")))
        .isInstanceOf(GoToMyPcNotFoundException.class)
        .hasMessage("GoToMyPC does not know it: PUT " + users + " for user u1 answered HTTP 404");
    wm.stubFor(
        post("/admin/rest/v1/accounts/555/users")
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withBody("{\"errorCode\":\"USER_EXISTS\",\"message\":\"user exists\"}")));
    assertThatThrownBy(
            () ->
                company.createUsers(
                    List.of(new NewUser("a@example.test", "A", "B", List.of())), true))
        .isInstanceOfSatisfying(
            GoToMyPcConflictException.class,
            e -> assertThat(e.details().subject()).isEqualTo("a@example.test"));
    assertThat(
            wm.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(
                    urlPathEqualTo(users))))
        .hasSize(3);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/admin/rest/v1/accounts/555/users"))))
        .hasSize(1);
  }

  @Test
  void aResetConnectionIsRetriedWithANewCall() {
    sequence(() -> get(ME), aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson(ME_JSON));
    assertThat(client.me().email()).isEqualTo("m@example.test");
    assertThat(apiCalls()).isEqualTo(2);
  }

  @Test
  void connectionsResetEveryTimeEndAsUnavailable() {
    wm.stubFor(get(ME).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(() -> client.me())
        .isInstanceOfSatisfying(
            GoToMyPcUnavailableException.class,
            e -> {
              assertThat(e.details().status()).isZero();
              assertThat(e.details().errorMessage()).startsWith("I/O error: ");
            });
    assertThat(apiCalls()).isEqualTo(3);
  }

  @Test
  void aResponseSlowerThanTheTimeoutIsRetriedAndThenUnavailable() {
    client.close();
    client = builder().requestTimeout(Duration.ofMillis(200)).retry(fastRetries(2)).build();
    sequence(() -> get(ME), okJson(ME_JSON).withFixedDelay(2000), okJson(ME_JSON));
    assertThat(client.me().email()).isEqualTo("m@example.test");
    assertThat(apiCalls()).isEqualTo(2);

    wm.resetAll();
    wm.stubFor(post("/oauth/token").willReturn(token("at-1", "rt-2")));
    wm.stubFor(get(ME).willReturn(okJson(ME_JSON).withFixedDelay(2000)));
    assertThatThrownBy(() -> client.me())
        .isInstanceOfSatisfying(
            GoToMyPcUnavailableException.class,
            e -> assertThat(e.details().errorMessage()).startsWith("timed out"));
    assertThat(apiCalls()).isEqualTo(2);
  }

  @Test
  void malformedJsonIsUnavailableAndNotRetried() {
    wm.stubFor(
        get(ME)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"key\": \"9\", ")));
    assertThatThrownBy(() -> client.me())
        .isInstanceOfSatisfying(
            GoToMyPcUnavailableException.class,
            e ->
                assertThat(e.details().errorMessage())
                    .startsWith("response is not the expected JSON: malformed JSON"));
    assertThat(apiCalls()).isEqualTo(1);
    wm.stubFor(get(ME).willReturn(okJson("{\"key\": 9, \"accounts\": {}}")));
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcUnavailableException.class)
        .hasMessageContaining("Expected BEGIN_ARRAY but was BEGIN_OBJECT at path $.accounts");
  }

  @Test
  void a401RefreshesOnceAndRetriesWithTheNewToken() {
    sequence(() -> post("/oauth/token"), token("at-1", "rt-2"), token("at-2", "rt-3"));
    wm.stubFor(
        get(ME)
            .withHeader("Authorization", equalTo("Bearer at-1"))
            .willReturn(aResponse().withStatus(401)));
    wm.stubFor(
        get(ME).withHeader("Authorization", equalTo("Bearer at-2")).willReturn(okJson(ME_JSON)));
    assertThat(client.me().email()).isEqualTo("m@example.test");
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/oauth/token"))
            .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=rt-1")));
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/oauth/token"))
            .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=rt-2")));
    assertThat(store.load()).contains(Secret.of("rt-3"));
    assertThat(apiCalls()).isEqualTo(2);
  }

  @Test
  void a401AfterTheRefreshIsAnAuthenticationFailure() {
    sequence(() -> post("/oauth/token"), token("at-1", "rt-2"), token("at-2", "rt-3"));
    wm.stubFor(
        get(ME)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody("{\"errorCode\":\"INVALID_TOKEN\",\"message\":\"token revoked\"}")));
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcAuthenticationException.class)
        .isInstanceOf(AuthenticationException.class)
        .hasMessage(
            "GoToMyPC authentication failed: GET /admin/rest/v1/me for the signed-in manager"
                + " answered HTTP 401 INVALID_TOKEN: token revoked; still refused after a token"
                + " refresh");
    assertThat(apiCalls()).isEqualTo(2);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")))).hasSize(2);
  }

  @Test
  void aRevokedRefreshTokenIsAnAuthenticationFailureThatSaysWhatToDo() {
    wm.stubFor(
        post("/oauth/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token rt-1 is"
                            + " revoked\"}")));
    assertThatThrownBy(() -> client.me())
        .isInstanceOfSatisfying(
            GoToMyPcAuthenticationException.class,
            e -> {
              assertThat(e.details().errorCode()).isEqualTo("invalid_grant");
              assertThat(e.details().status()).isEqualTo(400);
            })
        .hasMessage(
            "GoToMyPC authentication failed: POST /oauth/token for refresh token grant of client"
                + " client-1 answered HTTP 400 invalid_grant: refresh token *** is revoked; the"
                + " refresh token is expired or revoked, or the client credentials are wrong: run"
                + " the one-time authorization code set-up again");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")))).hasSize(1);
    assertThat(apiCalls()).isZero();
    assertThat(store.load()).contains(Secret.of("rt-1"));
  }

  @Test
  void noStoredRefreshTokenSaysToRunTheSetUp() {
    store = TokenStore.inMemory(null);
    client.close();
    client = builder().build();
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcAuthenticationException.class)
        .hasMessage(
            "GoToMyPC authentication failed: POST /oauth/token for client client-1: no refresh"
                + " token in TokenStore.inMemory: run the one-time authorization code set-up"
                + " first");
  }

  @Test
  void theAccessTokenIsRefreshedAheadOfExpiry() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    client.close();
    client = builder().clock(clock).refreshAhead(Duration.ofMinutes(5)).build();
    sequence(() -> post("/oauth/token"), token("at-1", "rt-2"), token("at-2", "rt-3"));
    wm.stubFor(get(ME).willReturn(okJson(ME_JSON)));
    client.me();
    now.set(now.get().plusSeconds(3600 - 301));
    client.me();
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")))).hasSize(1);
    now.set(now.get().plusSeconds(2));
    client.me();
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo("/oauth/token")))).hasSize(2);
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(ME))))
        .extracting(r -> r.getHeader("Authorization"))
        .containsExactly("Bearer at-1", "Bearer at-1", "Bearer at-2");
    assertThat(store.load()).contains(Secret.of("rt-3"));
  }

  @Test
  void theCircuitOpensAfterRepeatedFailuresAndStopsCallingTheService() {
    client.close();
    client =
        builder()
            .retry(RetryPolicy.NONE)
            .circuitBreaker(new CircuitBreakerPolicy(50, 4, 4, Duration.ofMinutes(5)))
            .build();
    wm.stubFor(get(ME).willReturn(aResponse().withStatus(503)));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> client.me())
          .isInstanceOf(GoToMyPcUnavailableException.class)
          .hasMessageContaining("HTTP 503");
    }
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcUnavailableException.class)
        .hasMessage(
            "GoToMyPC is unavailable: GET /admin/rest/v1/me for the signed-in manager: circuit"
                + " breaker open after repeated failures; not calling the service for now");
    assertThat(apiCalls()).isEqualTo(4);
  }

  @Test
  void clientErrorsDoNotOpenTheCircuit() {
    client.close();
    client =
        builder()
            .retry(RetryPolicy.NONE)
            .circuitBreaker(new CircuitBreakerPolicy(50, 4, 4, Duration.ofMinutes(5)))
            .build();
    wm.stubFor(get(ME).willReturn(aResponse().withStatus(404)));
    for (int i = 0; i < 6; i++) {
      assertThatThrownBy(() -> client.me()).isInstanceOf(GoToMyPcNotFoundException.class);
    }
    assertThat(apiCalls()).isEqualTo(6);
  }

  @Test
  void noRateLimiterPermitWithinTheWaitIsRateLimited() {
    client.close();
    client =
        builder().rateLimit(new RateLimitPolicy(1, Duration.ofHours(1), Duration.ZERO)).build();
    wm.stubFor(get(ME).willReturn(okJson(ME_JSON)));
    assertThatThrownBy(() -> client.me())
        .isInstanceOf(GoToMyPcRateLimitedException.class)
        .hasMessage(
            "GoToMyPC kept answering too many requests: GET /admin/rest/v1/me for the signed-in"
                + " manager: no permit from the client's rate limiter within its maximum wait");
    assertThat(apiCalls())
        .as("the token refresh took the hour's only turn: refreshes are paced too")
        .isZero();
    wm.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")));
  }
}
