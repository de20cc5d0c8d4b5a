package dev.umt.gotomypc;

import dev.umt.ConfigurationException;
import dev.umt.gotomypc.internal.Dto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The users, groups and licenses of one company, through its {@link GoToMyPcClient}. Thread-safe;
 * every method does I/O and throws the client's {@link GoToMyPcFailure} exceptions.
 *
 * <pre>{@code
 * CompanyClient company = client.company("1234567");
 * List<CreatedUser> created =
 *     company.createUsers(List.of(new NewUser("bo@example.com", "Bo", "Li", List.of())), true);
 * Group emea = company.findGroupByPath("Sales/EMEA").orElseThrow();
 * company.updateUser(created.get(0).key(), UserChanges.NONE.withGroupKey(emea.key()));
 * }</pre>
 */
public final class CompanyClient {
  private static final int LIST_PAGE = 1000;
  private final GoToMyPcClient client;
  private final String companyKey;
  private final ApiConventions conventions;

  CompanyClient(GoToMyPcClient client, String companyKey) {
    this.client = client;
    this.companyKey = companyKey;
    this.conventions = client.conventions();
  }

  /** The company key. */
  public String key() {
    return companyKey;
  }

  /** One page of users, {@code pageSize} (1 to 1000) from {@code offset}. */
  public UserPage users(int offset, int pageSize) {
    if (offset < 0 || pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException(
          "offset must be at least 0 and pageSize 1 to 1000, not " + offset + " and " + pageSize);
    }
    Dto.UserPage page =
        client
            .send(
                "users of company " + companyKey,
                bearer ->
                    client.api().users(bearer, companyKey, offset, pageSize, null, attributes()))
            .body();
    List<User> users = new ArrayList<>();
    if (page.results() != null) {
      for (Dto.User u : page.results()) {
        users.add(user(u));
      }
    }
    int total =
        page.total() != null
            ? page.total().intValue()
            : users.size() == pageSize ? Integer.MAX_VALUE : offset + users.size();
    return new UserPage(users, offset, total);
  }

  /** Every user, read a page of 1000 at a time. */
  public List<User> allUsers() {
    List<User> all = new ArrayList<>();
    int offset = 0;
    while (true) {
      UserPage page = users(offset, LIST_PAGE);
      all.addAll(page.users());
      if (!page.hasMore()) {
        return all;
      }
      offset += page.users().size();
    }
  }

  /** The user with this email (compared ignoring case), using the {@code email eq} filter. */
  public Optional<User> findUserByEmail(String email) {
    if (email == null || email.isBlank() || email.indexOf('"') >= 0) {
      throw new IllegalArgumentException("email to look up is blank or contains a quote: " + email);
    }
    String wanted = email.trim();
    Dto.UserPage page =
        client
            .send(
                wanted,
                bearer ->
                    client
                        .api()
                        .users(
                            bearer, companyKey, 0, 10, "email eq \"" + wanted + "\"", attributes()))
            .body();
    if (page.results() == null) {
      return Optional.empty();
    }
    return page.results().stream()
        .filter(u -> u.email() != null && u.email().equalsIgnoreCase(wanted))
        .findFirst()
        .map(this::user);
  }

  /** The user with this key. */
  public User user(String userKey) {
    requireKey(userKey);
    return user(
        client
            .send("user " + userKey, bearer -> client.api().user(bearer, companyKey, userKey))
            .body());
  }

  /**
   * Creates users in requests of at most {@link ApiConventions#maxUsersPerCreate()}, in order. The
   * service answers with the key of every user, including those that already existed.
   *
   * @param sendInvitation whether the service sends its welcome email ({@code suppressEmail=false})
   * @throws GoToMyPcConflictException when a deployment answers 409 for a user that exists; the
   *     batch is then not created
   */
  public List<CreatedUser> createUsers(List<NewUser> users, boolean sendInvitation) {
    List<CreatedUser> created = new ArrayList<>(users.size());
    int batch = conventions.maxUsersPerCreate();
    for (int from = 0; from < users.size(); from += batch) {
      List<NewUser> slice = users.subList(from, Math.min(users.size(), from + batch));
      List<Dto.NewUser> body =
          slice.stream()
              .map(u -> new Dto.NewUser(u.email(), u.firstName(), u.lastName(), u.licenseKeys()))
              .toList();
      String subject =
          slice.size() == 1
              ? slice.get(0).email()
              : slice.get(0).email() + " and " + (slice.size() - 1) + " more";
      List<Dto.CreatedUser> answer =
          client
              .send(
                  subject,
                  bearer ->
                      client
                          .api()
                          .createUsers(
                              bearer, companyKey, new Dto.CreateUsers(body, !sendInvitation)))
              .body();
      for (Dto.CreatedUser c : answer) {
        created.add(new CreatedUser(c.key(), c.email()));
      }
    }
    return created;
  }

  /**
   * Changes only the fields {@code changes} sets ({@code PUT /users/{key}}); does nothing when it
   * sets none.
   */
  public void updateUser(String userKey, UserChanges changes) {
    requireKey(userKey);
    if (changes.isEmpty()) {
      return;
    }
    Map<String, Object> settings = null;
    if (changes.groupKey() != null || changes.status() != null) {
      Map<String, Object> product = new LinkedHashMap<>();
      if (changes.groupKey() != null) {
        product.put(conventions.groupKeyField(), changes.groupKey());
      }
      if (changes.status() != null) {
        product.put(
            conventions.statusField(),
            changes.status() == UserStatus.ACTIVE
                ? conventions.activeStatus()
                : conventions.suspendedStatus());
      }
      settings = Map.of(conventions.settingsProduct(), product);
    }
    Dto.UserUpdate body =
        new Dto.UserUpdate(
            changes.email(),
            changes.firstName(),
            changes.lastName(),
            changes.licenseKeys(),
            settings);
    client.send(
        "user " + userKey, bearer -> client.api().updateUser(bearer, companyKey, userKey, body));
  }

  /**
   * Stops the user from signing in ({@code settings.G2PC.status=SUSPENDED}), keeping the account.
   */
  public void suspend(String userKey) {
    updateUser(userKey, UserChanges.NONE.withStatus(UserStatus.SUSPENDED));
  }

  /** Lets a suspended user sign in again ({@code settings.G2PC.status=ACTIVE}). */
  public void reactivate(String userKey) {
    updateUser(userKey, UserChanges.NONE.withStatus(UserStatus.ACTIVE));
  }

  /**
   * Adds {@code licenseKey} to the user's {@code licenseKeys}; returns false when the user held it
   * already.
   */
  public boolean grantLicense(String userKey, String licenseKey) {
    requireKey(licenseKey);
    User user = user(userKey);
    if (user.licenseKeys().contains(licenseKey)) {
      return false;
    }
    List<String> keys = new ArrayList<>(user.licenseKeys());
    keys.add(licenseKey);
    updateUser(userKey, UserChanges.NONE.withLicenseKeys(keys));
    return true;
  }

  /**
   * Removes {@code licenseKey} from the user's {@code licenseKeys}; returns false when the user did
   * not hold it.
   */
  public boolean revokeLicense(String userKey, String licenseKey) {
    requireKey(licenseKey);
    User user = user(userKey);
    if (!user.licenseKeys().contains(licenseKey)) {
      return false;
    }
    List<String> keys = new ArrayList<>(user.licenseKeys());
    keys.remove(licenseKey);
    updateUser(userKey, UserChanges.NONE.withLicenseKeys(keys));
    return true;
  }

  /** Removes the user from the company. */
  public void deleteUser(String userKey) {
    requireKey(userKey);
    client.send("user " + userKey, bearer -> client.api().deleteUser(bearer, companyKey, userKey));
  }

  /** Every group and subgroup, flat. */
  public List<Group> groups() {
    List<Group> all = new ArrayList<>();
    int offset = 0;
    while (true) {
      int from = offset;
      Dto.MapPage page =
          client
              .send(
                  "groups of company " + companyKey,
                  bearer -> client.api().groups(bearer, companyKey, from, LIST_PAGE))
              .body();
      List<Map<String, Object>> results = page.results() == null ? List.of() : page.results();
      for (Map<String, Object> g : results) {
        all.add(group(g));
      }
      offset += results.size();
      boolean more = page.total() != null ? offset < page.total() : results.size() == LIST_PAGE;
      if (results.isEmpty() || !more) {
        return all;
      }
    }
  }

  /** The groups as a tree: top-level groups with their subgroups, each level sorted by name. */
  public List<GroupNode> groupTree() {
    List<Group> groups = groups();
    Map<String, List<Group>> byParent =
        groups.stream()
            .collect(Collectors.groupingBy(g -> g.parentKey() == null ? "" : g.parentKey()));
    java.util.Set<String> keys = groups.stream().map(Group::key).collect(Collectors.toSet());
    List<GroupNode> roots = new ArrayList<>();
    for (Group g : groups) {
      if (g.parentKey() == null || !keys.contains(g.parentKey())) {
        roots.add(node(g, g.name(), byParent, 0));
      }
    }
    roots.sort(Comparator.comparing(n -> n.group().name()));
    return roots;
  }

  private GroupNode node(Group g, String path, Map<String, List<Group>> byParent, int depth) {
    List<GroupNode> children = new ArrayList<>();
    if (depth < 64) {
      for (Group c : byParent.getOrDefault(g.key(), List.of())) {
        children.add(node(c, path + "/" + c.name(), byParent, depth + 1));
      }
    }
    children.sort(Comparator.comparing(n -> n.group().name()));
    return new GroupNode(g, path, children);
  }

  /**
   * The group at {@code path}, names from the top separated by {@code /}, such as {@code
   * Sales/EMEA}.
   *
   * @throws ConfigurationException when a level holds two groups of that name
   */
  public Optional<Group> findGroupByPath(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("group path is blank");
    }
    String[] names = path.trim().split("/");
    List<GroupNode> level = groupTree();
    GroupNode found = null;
    for (String name : names) {
      String n = name.trim();
      List<GroupNode> matches = level.stream().filter(g -> g.group().name().equals(n)).toList();
      if (matches.isEmpty()) {
        matches = level.stream().filter(g -> g.group().name().equalsIgnoreCase(n)).toList();
      }
      if (matches.isEmpty()) {
        return Optional.empty();
      }
      if (matches.size() > 1) {
        throw new ConfigurationException(
            "GoToMyPC group path '"
                + path
                + "' is ambiguous: several groups are named '"
                + n
                + "' ("
                + matches.stream().map(m -> m.group().key()).collect(Collectors.joining(", "))
                + ")");
      }
      found = matches.get(0);
      level = found.children();
    }
    return Optional.ofNullable(found).map(GroupNode::group);
  }

  /**
   * Creates a group, or a subgroup of {@code parentKey} when that is not null. The service answers
   * with the new group.
   */
  public Group createGroup(String name, String parentKey) {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("group name is blank or contains '/': " + name);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name.trim());
    if (parentKey != null) {
      body.put(conventions.groupParentField(), parentKey);
    }
    return group(
        client
            .send("group " + name, bearer -> client.api().createGroup(bearer, companyKey, body))
            .body());
  }

  /** The company's licenses with their seats. */
  public List<License> licenses() {
    Dto.MapPage page =
        client
            .send(
                "licenses of company " + companyKey,
                bearer -> client.api().licenses(bearer, companyKey))
            .body();
    List<License> licenses = new ArrayList<>();
    for (Map<String, Object> l :
        page.results() == null ? List.<Map<String, Object>>of() : page.results()) {
      Object products = l.get("products");
      List<String> codes =
          products instanceof List<?> list
              ? list.stream().map(String::valueOf).toList()
              : List.of();
      licenses.add(
          new License(
              string(l, "key"),
              string(l, "name"),
              codes,
              integer(l, conventions.seatsField()),
              integer(l, conventions.seatsUsedField())));
    }
    return licenses;
  }

  /**
   * The license granting GoToMyPC ({@link ApiConventions#licenseProduct()}).
   *
   * @throws ConfigurationException when there is none or several, listing the licenses there are
   */
  public License gotoMyPcLicense() {
    List<License> all = licenses();
    List<License> matching =
        all.stream().filter(l -> l.products().contains(conventions.licenseProduct())).toList();
    if (matching.size() == 1) {
      return matching.get(0);
    }
    String listing =
        all.stream()
            .map(l -> l.name() + " (key " + l.key() + ", products " + l.products() + ")")
            .collect(Collectors.joining(", "));
    throw new ConfigurationException(
        (matching.isEmpty() ? "no" : "several")
            + " licenses of GoToMyPC company "
            + companyKey
            + " grant product "
            + conventions.licenseProduct()
            + "; name one by key. Licenses: "
            + listing);
  }

  private String attributes() {
    return conventions.userAttributes().isEmpty() ? null : conventions.userAttributes();
  }

  private User user(Dto.User u) {
    String groupKey = null;
    UserStatus status = UserStatus.ACTIVE;
    if (u.settings() != null
        && u.settings().get(conventions.settingsProduct()) instanceof Map<?, ?> product) {
      Object g = product.get(conventions.groupKeyField());
      groupKey = g == null ? null : String.valueOf(g);
      Object s = product.get(conventions.statusField());
      if (s != null && !String.valueOf(s).equalsIgnoreCase(conventions.activeStatus())) {
        status = UserStatus.SUSPENDED;
      }
    }
    return new User(
        u.key(),
        u.email(),
        u.firstName(),
        u.lastName(),
        u.licenseKeys() == null ? List.of() : u.licenseKeys(),
        groupKey,
        status);
  }

  private Group group(Map<String, Object> g) {
    Object parent = g.get(conventions.groupParentField());
    return new Group(
        string(g, "key"), string(g, "name"), parent == null ? null : String.valueOf(parent));
  }

  private static String string(Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (v instanceof Double d && d == Math.rint(d)) {
      return String.valueOf(d.longValue());
    }
    return v == null ? null : String.valueOf(v);
  }

  private static Integer integer(Map<String, Object> m, String field) {
    return m.get(field) instanceof Number n ? n.intValue() : null;
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("key is blank");
    }
  }

  @Override
  public String toString() {
    return "CompanyClient[" + companyKey + "]";
  }
}
