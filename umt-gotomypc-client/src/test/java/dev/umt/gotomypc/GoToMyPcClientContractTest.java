package dev.umt.gotomypc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.umt.ConfigurationException;
import dev.umt.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins every request the client sends to gotomypc-api.md: method, path, query, headers and body.
 */
class GoToMyPcClientContractTest {
  static final String ACCOUNT = "/admin/rest/v1/accounts/555";
  static final String BEARER = "Bearer at-first";
  static final String ATTRIBUTES = "key,email,firstName,lastName,licenseKeys,settings";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").jettyAcceptors(1))
          .build();

  private TokenStore store;
  private GoToMyPcClient client;
  private CompanyClient company;

  @BeforeEach
  void setUp() {
    wm.stubFor(
        post("/oauth/token")
            .willReturn(
                okJson(
                    """
                    {"access_token":"at-first","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-second",
                     "scope":"users:read","principal":"manager@example.test","account_key":"555"}\
                    """)));
    store = TokenStore.inMemory(Secret.of("rt-first"));
    client =
        GoToMyPcClient.builder()
            .baseUrl(wm.baseUrl())
            .tokenUrl(wm.baseUrl() + "/oauth/token")
            .authorizeUrl(wm.baseUrl() + "/oauth/authorize")
            .clientId("client-1")
            .clientSecret(Secret.of("s3cret-value"))
            .tokenStore(store)
            .rateLimit(RateLimitPolicy.perSecond(1000))
            .retry(RetryPolicy.NONE)
            .build();
    company = client.company("555");
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private static Set<String> queryNames(LoggedRequest r) {
    return new TreeSet<>(r.getQueryParams().keySet());
  }

  private static String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString("client-1:s3cret-value".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theRefreshTokenGrantIsAFormPostWithBasicClientAuthenticationAndTheNewRefreshTokenIsSaved() {
    GrantInfo info = client.refreshTokens();
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/oauth/token"))
            .withHeader("Authorization", equalTo(basic()))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=rt-first")));
    assertThat(store.load()).contains(Secret.of("rt-second"));
    assertThat(info.principal()).isEqualTo("manager@example.test");
    assertThat(info.accountKey()).isEqualTo("555");
    assertThat(info.scope()).isEqualTo("users:read");
  }

  @Test
  void theAuthorizationUrlAndTheCodeExchangeFollowTheDocumentedForm() {
    URI redirect = URI.create("https://umt.example.test/callback?x=1");
    assertThat(client.authorizationUrl(redirect))
        .hasToString(
            wm.baseUrl()
                + "/oauth/authorize?client_id=client-1&response_type=code"
                + "&redirect_uri=https%3A%2F%2Fumt.example.test%2Fcallback%3Fx%3D1");
    client.exchangeCode("the-code", redirect);
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo("/oauth/token"))
            .withHeader("Authorization", equalTo(basic()))
            .withRequestBody(
                equalTo(
                    "grant_type=authorization_code&code=the-code"
                        + "&redirect_uri=https%3A%2F%2Fumt.example.test%2Fcallback%3Fx%3D1")));
    assertThat(store.load()).contains(Secret.of("rt-second"));
  }

  @Test
  void meListsTheCompaniesAndChoosesOneByKeyOrName() {
    wm.stubFor(
        get("/admin/rest/v1/me")
            .willReturn(
                okJson(
                    """
                    {"key":"9","email":"manager@example.test","firstName":"Morgan","lastName":"Manager",
                     "accountKey":"555",
                     "accounts":[{"key":"555","name":"Example Corp"},{"key":"777","name":"Example Labs"},
                                 {"key":"888","name":"Twin"},{"key":"889","name":"twin"}]}\
                    """)));
    Manager me = client.me();
    assertThat(me.email()).isEqualTo("manager@example.test");
    assertThat(me.defaultCompanyKey()).isEqualTo("555");
    assertThat(me.companies())
        .containsExactly(
            new Company("555", "Example Corp"),
            new Company("777", "Example Labs"),
            new Company("888", "Twin"),
            new Company("889", "twin"));
    assertThat(client.chooseCompany("777").name()).isEqualTo("Example Labs");
    assertThat(client.chooseCompany("example corp").key()).isEqualTo("555");
    assertThatThrownBy(() -> client.chooseCompany("Nowhere Inc"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "no GoToMyPC company has the key or name 'Nowhere Inc'; the manager's companies are: "
                + "Example Corp (key 555), Example Labs (key 777), Twin (key 888), twin (key 889)");
    assertThatThrownBy(() -> client.chooseCompany("TWIN"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "several GoToMyPC companies are named 'TWIN'; choose one by key: Twin (key 888), twin"
                + " (key 889)");
    List<LoggedRequest> calls = wm.findAll(getRequestedFor(urlPathEqualTo("/admin/rest/v1/me")));
    assertThat(calls).hasSize(5);
    assertThat(calls)
        .allSatisfy(
            r -> {
              assertThat(r.getHeader("Authorization")).isEqualTo(BEARER);
              assertThat(r.getUrl()).isEqualTo("/admin/rest/v1/me");
            });
  }

  @Test
  void usersArePagedByOffsetAndPageSizeWithTheAttributes() {
    wm.stubFor(
        get(urlPathEqualTo(ACCOUNT + "/users"))
            .willReturn(
                okJson(
                    """
                    {"results":[{"key":"u1","email":"ann@example.test","firstName":"Ann","lastName":"Able",
                                 "licenseKeys":["lic-1"],
                                 "settings":{"G2PC":{"groupKey":"g-7","status":"SUSPENDED"},"G2M":{"x":1}}},
                                {"key":"u2","email":"ben@example.test","firstName":"Ben","lastName":"Baker"}],
                     "total":7}\
                    """)));
    UserPage page = company.users(5, 2);
    assertThat(page.users())
        .containsExactly(
            new User(
                "u1",
                "ann@example.test",
                "Ann",
                "Able",
                List.of("lic-1"),
                "g-7",
                UserStatus.SUSPENDED),
            new User("u2", "ben@example.test", "Ben", "Baker", List.of(), null, UserStatus.ACTIVE));
    assertThat(page.total()).isEqualTo(7);
    assertThat(page.hasMore()).isFalse();
    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/users"))).get(0);
    assertThat(r.getHeader("Authorization")).isEqualTo(BEARER);
    assertThat(queryNames(r)).containsExactly("attributes", "offset", "pageSize");
    assertThat(r.queryParameter("offset").firstValue()).isEqualTo("5");
    assertThat(r.queryParameter("pageSize").firstValue()).isEqualTo("2");
    assertThat(r.queryParameter("attributes").firstValue()).isEqualTo(ATTRIBUTES);
  }

  @Test
  void allUsersReadsPagesOfAThousandUntilTheTotal() {
    List<String> first =
        IntStream.range(0, 1000)
            .mapToObj(i -> "{\"key\":\"k" + i + "\",\"email\":\"u" + i + "@example.test\"}")
            .toList();
    wm.stubFor(
        get(urlPathEqualTo(ACCOUNT + "/users"))
            .withQueryParam("offset", equalTo("0"))
            .willReturn(okJson("{\"results\":[" + String.join(",", first) + "],\"total\":1001}")));
    wm.stubFor(
        get(urlPathEqualTo(ACCOUNT + "/users"))
            .withQueryParam("offset", equalTo("1000"))
            .willReturn(
                okJson(
                    "{\"results\":[{\"key\":\"last\",\"email\":\"last@example.test\"}],\"total\":1001}")));
    List<User> all = company.allUsers();
    assertThat(all).hasSize(1001);
    assertThat(all.get(1000).key()).isEqualTo("last");
    List<LoggedRequest> calls = wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/users")));
    assertThat(calls)
        .extracting(
            r ->
                r.queryParameter("offset").firstValue()
                    + "/"
                    + r.queryParameter("pageSize").firstValue())
        .containsExactly("0/1000", "1000/1000");
  }

  @Test
  void findByEmailUsesTheEqFilterAndComparesIgnoringCase() {
    wm.stubFor(
        get(urlPathEqualTo(ACCOUNT + "/users"))
            .willReturn(
                okJson(
                    """
                    {"results":[{"key":"u1","email":"Ann@Example.test","firstName":"Ann","lastName":"Able"}],"total":1}\
                    """)));
    assertThat(company.findUserByEmail("ann@example.test")).map(User::key).contains("u1");
    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/users"))).get(0);
    assertThat(queryNames(r)).containsExactly("attributes", "filter", "offset", "pageSize");
    assertThat(r.queryParameter("filter").firstValue()).isEqualTo("email eq \"ann@example.test\"");
    assertThat(r.queryParameter("offset").firstValue()).isEqualTo("0");
    assertThat(r.getHeader("Authorization")).isEqualTo(BEARER);
  }

  @Test
  void createPostsTheUsersInBatchesOfAtMostAHundredWithSuppressEmail() {
    wm.stubFor(post(ACCOUNT + "/users").willReturn(okJson("[]")));
    List<NewUser> users =
        IntStream.range(0, 250)
            .mapToObj(
                i ->
                    new NewUser(
                        "u" + i + "@example.test",
                        "F" + i,
                        "L" + i,
                        i == 0 ? List.of("lic-1") : List.of()))
            .toList();
    company.createUsers(users, false);
    List<LoggedRequest> calls = wm.findAll(postRequestedFor(urlPathEqualTo(ACCOUNT + "/users")));
    assertThat(calls).hasSize(3);
    assertThat(calls)
        .allSatisfy(
            r -> {
              assertThat(r.getHeader("Authorization")).isEqualTo(BEARER);
              assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
              assertThat(r.getUrl()).isEqualTo(ACCOUNT + "/users");
            });
    for (int batch = 0; batch < 3; batch++) {
      StringBuilder expected = new StringBuilder("{\"users\":[");
      for (int i = batch * 100; i < Math.min(250, batch * 100 + 100); i++) {
        expected
            .append(i == batch * 100 ? "" : ",")
            .append("{\"email\":\"u")
            .append(i)
            .append("@example.test\",\"firstName\":\"F")
            .append(i)
            .append("\",\"lastName\":\"L")
            .append(i)
            .append("\",\"licenseKeys\":[")
            .append(i == 0 ? "\"lic-1\"" : "")
            .append("]}");
      }
      expected.append("],\"suppressEmail\":true}");
      assertThat(calls.get(batch).getBodyAsString()).isEqualTo(expected.toString());
    }
  }

  @Test
  void createWithInvitationSendsSuppressEmailFalseAndReturnsTheKeys() {
    wm.stubFor(
        post(ACCOUNT + "/users")
            .willReturn(okJson("[{\"key\":\"k1\",\"email\":\"bo@example.test\"}]")));
    List<CreatedUser> created =
        company.createUsers(List.of(new NewUser("bo@example.test", "Bo", "Li", List.of())), true);
    assertThat(created).containsExactly(new CreatedUser("k1", "bo@example.test"));
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(ACCOUNT + "/users"))
            .withRequestBody(
                equalToJson(
                    "{\"users\":[{\"email\":\"bo@example.test\",\"firstName\":\"Bo\","
                        + "\"lastName\":\"Li\",\"licenseKeys\":[]}],\"suppressEmail\":false}")));
  }

  @Test
  void getAndDeleteAUserByKey() {
    wm.stubFor(
        get(ACCOUNT + "/users/u1")
            .willReturn(okJson("{\"key\":\"u1\",\"email\":\"a@example.test\"}")));
    wm.stubFor(delete(ACCOUNT + "/users/u1").willReturn(aResponse().withStatus(204)));
    assertThat(company.user("u1").email()).isEqualTo("a@example.test");
    company.deleteUser("u1");
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1"))
            .withHeader("Authorization", equalTo(BEARER)));
    wm.verify(
        1,
        deleteRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1"))
            .withHeader("Authorization", equalTo(BEARER)));
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1"))).get(0).getUrl())
        .isEqualTo(ACCOUNT + "/users/u1");
    assertThat(
            wm.findAll(deleteRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1"))).get(0).getUrl())
        .isEqualTo(ACCOUNT + "/users/u1");
  }

  @Test
  void updateSendsOnlyTheGivenFields() {
    wm.stubFor(put(ACCOUNT + "/users/u1").willReturn(aResponse().withStatus(204)));
    company.updateUser("u1", UserChanges.NONE.withLastName("Smith"));
    company.updateUser(
        "u1",
        UserChanges.NONE.withEmail("new@example.test").withFirstName("Ann").withGroupKey("g-2"));
    company.updateUser("u1", UserChanges.NONE);
    List<LoggedRequest> calls = wm.findAll(putRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1")));
    assertThat(calls)
        .extracting(LoggedRequest::getBodyAsString)
        .containsExactly(
            "{\"lastName\":\"Smith\"}",
            "{\"email\":\"new@example.test\",\"firstName\":\"Ann\",\"settings\":{\"G2PC\":{\"groupKey\":\"g-2\"}}}");
    assertThat(calls)
        .allSatisfy(
            r -> {
              assertThat(r.getHeader("Authorization")).isEqualTo(BEARER);
              assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
            });
  }

  @Test
  void suspendAndReactivateSetTheGoToMyPcStatus() {
    wm.stubFor(put(ACCOUNT + "/users/u1").willReturn(aResponse().withStatus(204)));
    company.suspend("u1");
    company.reactivate("u1");
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1"))))
        .extracting(LoggedRequest::getBodyAsString)
        .containsExactly(
            "{\"settings\":{\"G2PC\":{\"status\":\"SUSPENDED\"}}}",
            "{\"settings\":{\"G2PC\":{\"status\":\"ACTIVE\"}}}");
  }

  @Test
  void grantAndRevokeRewriteTheLicenseKeys() {
    wm.stubFor(
        get(ACCOUNT + "/users/u1")
            .willReturn(
                okJson(
                    "{\"key\":\"u1\",\"email\":\"a@example.test\",\"licenseKeys\":[\"lic-9\"]}")));
    wm.stubFor(put(ACCOUNT + "/users/u1").willReturn(aResponse().withStatus(204)));
    assertThat(company.grantLicense("u1", "lic-1")).isTrue();
    assertThat(company.grantLicense("u1", "lic-9")).isFalse();
    assertThat(company.revokeLicense("u1", "lic-9")).isTrue();
    assertThat(company.revokeLicense("u1", "lic-1")).isFalse();
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1"))))
        .extracting(LoggedRequest::getBodyAsString)
        .containsExactly("{\"licenseKeys\":[\"lic-9\",\"lic-1\"]}", "{\"licenseKeys\":[]}");
  }

  @Test
  void groupsAreListedAsATreeFoundByPathAndCreated() {
    wm.stubFor(
        get(urlPathEqualTo(ACCOUNT + "/groups"))
            .willReturn(
                okJson(
                    """
                    {"results":[{"key":"g1","name":"Sales"},{"key":"g2","name":"EMEA","parentKey":"g1"},
                                {"key":"g3","name":"Americas","parentKey":"g1"},{"key":"g4","name":"Engineering"}],
                     "total":4}\
                    """)));
    wm.stubFor(
        post(ACCOUNT + "/groups")
            .willReturn(okJson("{\"key\":\"g5\",\"name\":\"Nordics\",\"parentKey\":\"g2\"}")));
    List<GroupNode> tree = company.groupTree();
    assertThat(tree).extracting(GroupNode::path).containsExactly("Engineering", "Sales");
    assertThat(tree.get(1).children())
        .extracting(GroupNode::path)
        .containsExactly("Sales/Americas", "Sales/EMEA");
    assertThat(company.findGroupByPath("Sales/EMEA")).contains(new Group("g2", "EMEA", "g1"));
    assertThat(company.findGroupByPath("sales/emea")).contains(new Group("g2", "EMEA", "g1"));
    assertThat(company.findGroupByPath("Sales/Asia")).isEmpty();
    assertThat(company.createGroup("Nordics", "g2")).isEqualTo(new Group("g5", "Nordics", "g2"));
    LoggedRequest list = wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/groups"))).get(0);
    assertThat(queryNames(list)).containsExactly("offset", "pageSize");
    assertThat(list.queryParameter("offset").firstValue()).isEqualTo("0");
    assertThat(list.queryParameter("pageSize").firstValue()).isEqualTo("1000");
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(ACCOUNT + "/groups"))
            .withHeader("Authorization", equalTo(BEARER))
            .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
            .withRequestBody(equalToJson("{\"name\":\"Nordics\",\"parentKey\":\"g2\"}")));
  }

  @Test
  void licensesCarryTheirSeatsAndTheGoToMyPcOneIsFoundByProduct() {
    wm.stubFor(
        get(ACCOUNT + "/licenses")
            .willReturn(
                okJson(
                    """
                    {"results":[{"key":"l1","name":"GoToMeeting","products":["G2M"],"seats":10,"seatsUsed":3},
                                {"key":"l2","name":"GoToMyPC Corporate","products":["G2PC"],"seats":50,
                                 "seatsUsed":49}]}\
                    """)));
    assertThat(company.licenses())
        .containsExactly(
            new License("l1", "GoToMeeting", List.of("G2M"), 10, 3),
            new License("l2", "GoToMyPC Corporate", List.of("G2PC"), 50, 49));
    License g2pc = company.gotoMyPcLicense();
    assertThat(g2pc.key()).isEqualTo("l2");
    assertThat(g2pc.seatsFree()).isEqualTo(1);
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/licenses"))))
        .allSatisfy(
            r -> {
              assertThat(r.getUrl()).isEqualTo(ACCOUNT + "/licenses");
              assertThat(r.getHeader("Authorization")).isEqualTo(BEARER);
            });
  }

  @Test
  void noGoToMyPcLicenseIsAConfigurationErrorListingTheLicenses() {
    wm.stubFor(
        get(ACCOUNT + "/licenses")
            .willReturn(
                okJson(
                    """
                    {"results":[{"key":"l1","name":"GoToMeeting","products":["G2M"],"seats":10,"seatsUsed":3}]}\
                    """)));
    assertThatThrownBy(() -> company.gotoMyPcLicense())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "no licenses of GoToMyPC company 555 grant product G2PC; name one by key. Licenses:"
                + " GoToMeeting (key l1, products [G2M])");
  }

  @Test
  void theAssumedConventionsCanBeChanged() {
    GoToMyPcClient other =
        GoToMyPcClient.builder()
            .baseUrl(wm.baseUrl())
            .tokenUrl(wm.baseUrl() + "/oauth/token")
            .clientId("client-1")
            .clientSecret(Secret.of("s3cret-value"))
            .tokenStore(store)
            .retry(RetryPolicy.NONE)
            .conventions(
                new ApiConventions(
                    "GOTOMYPC",
                    "group",
                    "state",
                    "ENABLED",
                    "DISABLED",
                    "MYPC",
                    "parent",
                    "total",
                    "used",
                    2,
                    ""))
            .build();
    wm.stubFor(put(ACCOUNT + "/users/u1").willReturn(aResponse().withStatus(204)));
    wm.stubFor(
        get(urlPathEqualTo(ACCOUNT + "/users"))
            .willReturn(
                okJson(
                    """
                    {"results":[{"key":"u1","email":"a@example.test",
                                 "settings":{"GOTOMYPC":{"group":"g-1","state":"DISABLED"}}}],
                     "total":1}\
                    """)));
    wm.stubFor(post(ACCOUNT + "/users").willReturn(okJson("[]")));
    CompanyClient c = other.company("555");
    c.updateUser("u1", UserChanges.NONE.withGroupKey("g-1").withStatus(UserStatus.SUSPENDED));
    assertThat(c.users(0, 10).users().get(0))
        .isEqualTo(
            new User("u1", "a@example.test", null, null, List.of(), "g-1", UserStatus.SUSPENDED));
    c.createUsers(
        List.of(
            new NewUser("a@x.test", "A", "B", null),
            new NewUser("b@x.test", "A", "B", null),
            new NewUser("c@x.test", "A", "B", null)),
        true);
    other.close();
    assertThat(
            wm.findAll(putRequestedFor(urlPathEqualTo(ACCOUNT + "/users/u1")))
                .get(0)
                .getBodyAsString())
        .isEqualTo("{\"settings\":{\"GOTOMYPC\":{\"group\":\"g-1\",\"state\":\"DISABLED\"}}}");
    assertThat(queryNames(wm.findAll(getRequestedFor(urlPathEqualTo(ACCOUNT + "/users"))).get(0)))
        .containsExactly("offset", "pageSize");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(ACCOUNT + "/users")))).hasSize(2);
  }
}
