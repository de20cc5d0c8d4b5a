package dev.umt.testkit;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.TemporaryFailureException;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.directory.TokenExpiredException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DirectorySource} held in memory that behaves like a real one: scopes are found by
 * permanent id (a renamed or moved OU keeps its users), users come in pages, nested groups that
 * contain each other are read once, extra filters are real LDAP filters (UnboundID's matcher over
 * the user's attributes), and failures can be injected: a read that stops after some pages and
 * reports itself incomplete, or a scope that cannot be reached. Thread-safe.
 *
 * <pre>{@code
 * InMemoryDirectory dir = InMemoryDirectory.of(Organisation.standard());
 * String salesId = dir.idOf("ou=Sales,ou=Corp,dc=example,dc=test");
 * dir.rename(salesId, "Sales and Marketing");
 * }</pre>
 */
public final class InMemoryDirectory implements DirectorySource {

  private record Node(String id, String name, @Nullable String parentId, Container.Kind kind) {}

  private record GroupNode(
      String id,
      String name,
      String parentId,
      DirectoryGroup.Kind kind,
      Set<String> userIds,
      Set<String> groupIds) {}

  private final String baseDnValue;
  private final String rootId;
  private final Map<String, Node> containers = new LinkedHashMap<>();
  private final Map<String, GroupNode> groups = new LinkedHashMap<>();
  private final Map<String, DirectoryUser> users = new LinkedHashMap<>();
  private final Map<String, String> userParent = new HashMap<>();
  private int failAfterPages = -1;
  private final Set<String> unreachableScopes = new LinkedHashSet<>();
  private long reads;

  /**
   * The change log, oldest first: what each change touched. The feed reports each as it is when
   * read.
   */
  private final List<Logged> changes = new ArrayList<>();

  private int firstKeptChange;

  /**
   * Names this directory in its tokens, as a real feed names its server: another directory's token
   * is refused.
   */
  private final String instance = UUID.randomUUID().toString().substring(0, 8);

  private final EnumSet<BlindSpot> blindSpots = EnumSet.noneOf(BlindSpot.class);

  /** What one logged change touched: a user, a group or a container, by id. */
  private record Logged(What what, String id) {}

  private enum What {
    USER,
    USER_DELETED,
    GROUP,
    CONTAINER
  }

  /**
   * What real change feeds fail to report, switched on one by one with {@link #blindSpot} so the
   * engine's incremental runs can be tested against each; the periodic full run is what catches
   * them.
   */
  public enum BlindSpot {
    /**
     * Samba (USN): a membership change moves only the group's change number, so the member is not
     * reported, only the group.
     */
    MEMBERSHIP_CHANGES_ONLY_ON_GROUP,
    /**
     * Samba (USN): the users under a renamed or moved OU keep their change numbers; only the OU is
     * reported.
     */
    RENAMES_DO_NOT_TOUCH_USERS,
    /**
     * slapd {@code refint}: a deleted member (user or group) is taken out of its groups with no
     * change reported for the groups.
     */
    REFINT_REWRITES_SILENTLY,
    /**
     * A feed without tombstones (timestamps, USN without Show Deleted): a deleted user or group is
     * not reported at all.
     */
    DELETES_INVISIBLE
  }

  private InMemoryDirectory(String baseDn) {
    rootId = idFor(baseDn);
    String name = baseDn.split(",")[0].replaceFirst("(?i)^dc=", "");
    containers.put(rootId, new Node(rootId, name, null, Container.Kind.DOMAIN));
    baseDnValue = baseDn;
  }

  /** An empty directory whose domain is {@code baseDn}. */
  public static InMemoryDirectory empty(String baseDn) {
    return new InMemoryDirectory(baseDn);
  }

  /** A directory holding {@code org}, with ids derived from the DNs (stable across runs). */
  public static InMemoryDirectory of(Organisation org) {
    InMemoryDirectory d = new InMemoryDirectory(org.baseDn());
    for (Organisation.Unit u : org.units()) {
      d.addContainerWithId(idFor(u.dn()), u.name(), d.idOf(u.parentDn()));
    }
    for (Organisation.User u : org.users()) {
      DirectoryUser.Builder b =
          DirectoryUser.builder(idFor(u.dn()), u.dn(), u.login())
              .email(u.mail())
              .givenName(u.givenName())
              .surname(u.surname())
              .displayName(u.commonName())
              .title(u.title())
              .department(u.department())
              .phone(u.phone())
              .enabled(u.enabled());
      d.addUser(d.idOf(u.unitDn()), b);
    }
    for (Organisation.Group g : org.groups()) {
      d.addGroupWithId(
          idFor(g.dn()),
          g.name(),
          d.idOf(g.unitDn()),
          g.security() ? DirectoryGroup.Kind.SECURITY : DirectoryGroup.Kind.DISTRIBUTION);
    }
    for (Organisation.Group g : org.groups()) {
      String gid = idFor(g.dn());
      for (String login : g.memberLogins()) {
        d.addMember(gid, idFor(org.user(login).dn()));
      }
      for (String sub : g.memberGroups()) {
        d.addMember(gid, idFor(org.group(sub).dn()));
      }
    }
    return d;
  }

  private static String idFor(String dn) {
    return UUID.nameUUIDFromBytes(
            dn.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  // --- changing the directory ---

  /** Adds an OU under {@code parentId} and returns its new id. */
  public synchronized String addContainer(String name, String parentId) {
    return addContainerWithId(UUID.randomUUID().toString(), name, parentId);
  }

  private synchronized String addContainerWithId(String id, String name, String parentId) {
    requireContainer(parentId);
    containers.put(id, new Node(id, name, parentId, Container.Kind.ORGANIZATIONAL_UNIT));
    return id;
  }

  /** Adds a group in the container {@code parentId} and returns its new id. */
  public synchronized String addGroup(String name, String parentId, DirectoryGroup.Kind kind) {
    return addGroupWithId(UUID.randomUUID().toString(), name, parentId, kind);
  }

  private synchronized String addGroupWithId(
      String id, String name, String parentId, DirectoryGroup.Kind kind) {
    requireContainer(parentId);
    groups.put(
        id, new GroupNode(id, name, parentId, kind, new LinkedHashSet<>(), new LinkedHashSet<>()));
    return id;
  }

  /**
   * Adds a user in the container {@code parentId}. The builder's DN, container ids and group ids
   * are replaced by where the user now sits; its id is kept.
   */
  public synchronized DirectoryUser addUser(String parentId, DirectoryUser.Builder user) {
    requireContainer(parentId);
    DirectoryUser u = user.build();
    if (users.containsKey(u.id())) {
      throw new IllegalArgumentException("user id " + u.id() + " exists");
    }
    userParent.put(u.id(), parentId);
    users.put(u.id(), u);
    return refresh(u.id());
  }

  /** Makes the user or group {@code memberId} a direct member of group {@code groupId}. */
  public synchronized void addMember(String groupId, String memberId) {
    GroupNode g = requireGroup(groupId);
    if (users.containsKey(memberId)) {
      g.userIds().add(memberId);
      refresh(memberId, !blindSpots.contains(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP));
    } else if (groups.containsKey(memberId)) {
      g.groupIds().add(memberId);
    } else {
      throw new IllegalArgumentException("no user or group " + memberId);
    }
    log(What.GROUP, groupId);
  }

  /** Removes {@code memberId} from group {@code groupId}. */
  public synchronized void removeMember(String groupId, String memberId) {
    GroupNode g = requireGroup(groupId);
    if (g.userIds().remove(memberId)) {
      refresh(memberId, !blindSpots.contains(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP));
    }
    g.groupIds().remove(memberId);
    log(What.GROUP, groupId);
  }

  /** Deletes a group; its members stay, and groups that held it lose it. */
  public synchronized void deleteGroup(String groupId) {
    GroupNode g = requireGroup(groupId);
    groups.remove(groupId);
    if (!blindSpots.contains(BlindSpot.DELETES_INVISIBLE)) {
      log(What.GROUP, groupId);
    }
    for (GroupNode parent : groups.values()) {
      if (parent.groupIds().remove(groupId)
          && !blindSpots.contains(BlindSpot.REFINT_REWRITES_SILENTLY)) {
        log(What.GROUP, parent.id());
      }
    }
    for (String uid : g.userIds()) {
      refresh(uid, !blindSpots.contains(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP));
    }
  }

  /** Makes the feed blind (or not) to one kind of change, as a real server's feed is. */
  public synchronized void blindSpot(BlindSpot spot, boolean on) {
    if (on) {
      blindSpots.add(spot);
    } else {
      blindSpots.remove(spot);
    }
  }

  /** Renames a container; its id, and so every rule on it, stays. */
  public synchronized void rename(String containerId, String newName) {
    Node n = requireContainer(containerId);
    containers.put(containerId, new Node(n.id(), newName, n.parentId(), n.kind()));
    refreshUnder(containerId);
  }

  /** Moves a container under another; its id stays. */
  public synchronized void move(String containerId, String newParentId) {
    Node n = requireContainer(containerId);
    requireContainer(newParentId);
    containers.put(containerId, new Node(n.id(), n.name(), newParentId, n.kind()));
    refreshUnder(containerId);
  }

  /** Deletes a container with everything in it. */
  public synchronized void deleteContainer(String containerId) {
    requireContainer(containerId);
    for (String uid : List.copyOf(users.keySet())) {
      if (users.get(uid).containerIds().contains(containerId)) {
        removeUser(uid);
      }
    }
    List<String> gone = new ArrayList<>();
    for (String cid : List.copyOf(containers.keySet())) {
      if (cid.equals(containerId) || ancestors(cid).contains(containerId)) {
        gone.add(cid);
      }
    }
    for (GroupNode g : List.copyOf(groups.values())) {
      if (gone.contains(g.parentId())) {
        deleteGroup(g.id());
      }
    }
    gone.forEach(containers::remove);
    if (!blindSpots.contains(BlindSpot.DELETES_INVISIBLE)) {
      log(What.CONTAINER, containerId);
    }
  }

  /** Changes a user; its id, DN, container and group ids are kept. */
  public synchronized DirectoryUser updateUser(
      String userId, UnaryOperator<DirectoryUser.Builder> change) {
    DirectoryUser u = requireUser(userId);
    users.put(userId, change.apply(u.toBuilder()).build());
    return refresh(userId);
  }

  /** Moves a user into another container. */
  public synchronized DirectoryUser moveUser(String userId, String newParentId) {
    requireUser(userId);
    requireContainer(newParentId);
    userParent.put(userId, newParentId);
    return refresh(userId);
  }

  /** Deletes a user, and its group memberships. */
  public synchronized void removeUser(String userId) {
    requireUser(userId);
    users.remove(userId);
    userParent.remove(userId);
    if (!blindSpots.contains(BlindSpot.DELETES_INVISIBLE)) {
      log(What.USER_DELETED, userId);
    }
    for (GroupNode g : groups.values()) {
      if (g.userIds().remove(userId) && !blindSpots.contains(BlindSpot.REFINT_REWRITES_SILENTLY)) {
        log(What.GROUP, g.id());
      }
    }
  }

  /**
   * From now on every users() read stops after {@code pages} pages and reports itself incomplete;
   * negative turns it off.
   */
  public synchronized void failReadsAfterPages(int pages) {
    failAfterPages = pages;
  }

  /**
   * From now on reads of the scope rooted at {@code id} stop after {@code pages} pages and report
   * themselves incomplete with {@code reason}, as a server's size or time limit would (for example
   * {@code "size limit exceeded"}); other scopes read in full.
   */
  public synchronized void truncateReads(String id, int pages, String reason) {
    truncated.put(id, new Truncation(pages, reason));
  }

  private record Truncation(int pages, String reason) {}

  private final Map<String, Truncation> truncated = new HashMap<>();

  /**
   * Reads of the scope rooted at {@code id} throw {@link TemporaryFailureException} until {@link
   * #heal()}.
   */
  public synchronized void makeUnreachable(String id) {
    unreachableScopes.add(id);
  }

  /** Removes every injected failure. */
  public synchronized void heal() {
    failAfterPages = -1;
    feedFailsAfter = -1;
    unreachableScopes.clear();
    truncated.clear();
  }

  /**
   * How many user entries reads have returned or looked up so far: each user a scope read returns,
   * and each id a read by ids looks up, as a server would count the entries it sends.
   */
  public synchronized long reads() {
    return reads;
  }

  /** The id of the entry with this DN (case-insensitive). */
  public synchronized String idOf(String dn) {
    return findByDn(dn)
        .map(DirectoryEntry::id)
        .orElseThrow(() -> new IllegalArgumentException("no entry " + dn));
  }

  /** The user with this login. */
  public synchronized DirectoryUser userByLogin(String login) {
    return users.values().stream()
        .filter(u -> u.loginName().equals(login))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no user " + login));
  }

  /** The id of the domain. */
  public String rootId() {
    return rootId;
  }

  // --- DirectorySource ---

  @Override
  public SourceInfo checkConnection() {
    return new SourceInfo(
        "UMT test kit",
        "in-memory",
        List.of(baseDnValue),
        "anonymous",
        EnumSet.of(SourceInfo.Capability.PAGED_RESULTS, SourceInfo.Capability.CHANGE_FEED));
  }

  @Override
  public synchronized List<DirectoryEntry> children(String dn) {
    String id =
        findByDn(dn)
            .map(DirectoryEntry::id)
            .orElseThrow(() -> new ConfigurationException("no entry " + dn + " in the directory"));
    List<DirectoryEntry> out = new ArrayList<>();
    containers.values().stream()
        .filter(n -> id.equals(n.parentId()))
        .forEach(n -> out.add(container(n)));
    groups.values().stream().filter(g -> id.equals(g.parentId())).forEach(g -> out.add(group(g)));
    return out;
  }

  @Override
  public synchronized Optional<DirectoryEntry> findById(String id) {
    if (containers.containsKey(id)) {
      return Optional.of(container(containers.get(id)));
    }
    if (groups.containsKey(id)) {
      return Optional.of(group(groups.get(id)));
    }
    return Optional.ofNullable(users.get(id));
  }

  @Override
  public synchronized Optional<DirectoryEntry> findByDn(String dn) {
    for (Node n : containers.values()) {
      if (dnOf(n.id()).equalsIgnoreCase(dn)) {
        return Optional.of(container(n));
      }
    }
    for (GroupNode g : groups.values()) {
      if (groupDn(g).equalsIgnoreCase(dn)) {
        return Optional.of(group(g));
      }
    }
    return users.values().stream().filter(u -> u.dn().equalsIgnoreCase(dn)).findFirst().map(u -> u);
  }

  @Override
  public synchronized PageCursor<ScopedUser> users(Scope scope, int pageSize) {
    return read(scope, null, pageSize);
  }

  /**
   * The users of {@code scope} among {@code userIds}, looked up one id at a time (as a base search
   * per user would): the entries read are the ids, not the scope. Injected failures apply as to
   * {@link #users(Scope, int)}.
   */
  @Override
  public synchronized PageCursor<ScopedUser> users(Scope scope, Set<String> userIds, int pageSize) {
    return read(scope, Set.copyOf(userIds), pageSize);
  }

  private PageCursor<ScopedUser> read(Scope scope, @Nullable Set<String> onlyIds, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be at least 1, not " + pageSize);
    }
    if (unreachableScopes.contains(scope.id())) {
      throw new TemporaryFailureException(
          "directory unreachable while reading " + scope.describe() + " (injected)");
    }
    Filter filter = null;
    if (scope.filter() != null) {
      try {
        filter = Filter.create(scope.filter());
      } catch (LDAPException e) {
        throw new ConfigurationException(
            "bad LDAP filter \"" + scope.filter() + "\": " + e.getDiagnosticMessage());
      }
    }
    List<ScopedUser> matched = new ArrayList<>();
    if (scope.kind() == Scope.Kind.CONTAINER) {
      if (!containers.containsKey(scope.id())) {
        throw new ConfigurationException(
            "container " + scope.id() + " (" + scope.dn() + ") no longer exists in the directory");
      }
      Map<String, String> dns = new HashMap<>();
      Iterable<DirectoryUser> candidates =
          onlyIds == null
              ? users.values()
              : onlyIds.stream().map(users::get).filter(java.util.Objects::nonNull).toList();
      for (DirectoryUser u : candidates) {
        List<String> ancestors = u.containerIds();
        int at = ancestors.indexOf(scope.id());
        if (at == 0 || (scope.recursive() && at > 0)) {
          List<String> via = new ArrayList<>(at + 1);
          for (int i = at; i >= 0; i--) {
            via.add(dns.computeIfAbsent(ancestors.get(i), this::dnOf));
          }
          matched.add(new ScopedUser(u, via));
        }
      }
    } else {
      GroupNode root = groups.get(scope.id());
      if (root == null) {
        throw new ConfigurationException(
            "group " + scope.id() + " (" + scope.dn() + ") no longer exists in the directory");
      }
      Map<String, List<String>> viaByUser = new LinkedHashMap<>();
      Map<String, List<String>> chainByGroup = new LinkedHashMap<>();
      Deque<List<String>> queue = new ArrayDeque<>();
      queue.add(List.of(root.id()));
      while (!queue.isEmpty()) {
        List<String> chain = queue.poll();
        GroupNode g = groups.get(chain.get(chain.size() - 1));
        if (g == null || chainByGroup.containsKey(g.id())) {
          continue;
        }
        List<String> chainDns = chain.stream().map(id -> groupDn(groups.get(id))).toList();
        chainByGroup.put(g.id(), chainDns);
        if (onlyIds == null) {
          g.userIds().forEach(uid -> viaByUser.putIfAbsent(uid, chainDns));
        }
        if (scope.recursive()) {
          for (String sub : g.groupIds()) {
            List<String> next = new ArrayList<>(chain);
            next.add(sub);
            queue.add(next);
          }
        }
      }
      if (onlyIds != null) {
        // The path of the group found first, as the whole read would give it.
        for (String uid : onlyIds) {
          if (!users.containsKey(uid)) {
            continue;
          }
          for (Map.Entry<String, List<String>> e : chainByGroup.entrySet()) {
            if (groups.get(e.getKey()).userIds().contains(uid)) {
              viaByUser.put(uid, e.getValue());
              break;
            }
          }
        }
      }
      viaByUser.forEach((uid, via) -> matched.add(new ScopedUser(users.get(uid), via)));
    }
    reads += onlyIds == null ? matched.size() : onlyIds.size();
    if (filter != null) {
      Filter f = filter;
      matched.removeIf(su -> !matches(f, su.user()));
    }
    List<List<ScopedUser>> pages = new ArrayList<>();
    for (int i = 0; i < matched.size(); i += pageSize) {
      pages.add(matched.subList(i, Math.min(matched.size(), i + pageSize)));
    }
    Truncation t = truncated.get(scope.id());
    if (t != null) {
      return PageCursor.of(
          pages.subList(0, Math.min(t.pages(), pages.size())),
          t.reason()
              + " after "
              + Math.min(t.pages(), pages.size())
              + " page(s) of "
              + scope.describe()
              + " (injected)");
    }
    if (failAfterPages >= 0 && onlyIds != null) {
      // A read by ids is small; an injected page failure fails it whatever its size.
      return PageCursor.of(
          pages.subList(0, Math.min(failAfterPages, pages.size())),
          "the read of "
              + onlyIds.size()
              + " user(s) of "
              + scope.describe()
              + " failed after "
              + Math.min(failAfterPages, pages.size())
              + " page(s) (injected)");
    }
    if (failAfterPages >= 0 && pages.size() > failAfterPages) {
      int total = pages.size();
      return PageCursor.of(
          pages.subList(0, failAfterPages),
          "page "
              + (failAfterPages + 1)
              + " of "
              + total
              + " of "
              + scope.describe()
              + " failed (injected)");
    }
    return PageCursor.of(pages, "");
  }

  /**
   * A change feed over this directory's own change log, of kind {@code in-memory}. Tokens are
   * {@code mem:ID:N}, ID naming this directory and N the number of changes logged; a token of
   * another directory, from before {@link #forgetChangesBefore} or of another form is refused with
   * {@link TokenExpiredException}. Each change is reported as its subject is when read: a user,
   * group or container that is gone by then is reported deleted. It reports users (created,
   * changed, moved, deleted), groups whose members changed, and containers renamed, moved or
   * deleted; {@link #blindSpot} makes it miss what real feeds miss. {@link #failFeedAfter} makes a
   * read stop early and report itself incomplete.
   */
  @Override
  public Optional<ChangeFeed> changeFeed() {
    return Optional.of(
        new ChangeFeed() {
          @Override
          public String kind() {
            return "in-memory";
          }

          @Override
          public String currentToken() {
            synchronized (InMemoryDirectory.this) {
              return prefix() + changes.size();
            }
          }

          @Override
          public PageCursor<DirectoryChange> changesSince(String token) {
            synchronized (InMemoryDirectory.this) {
              if (!token.startsWith("mem:")) {
                throw new TokenExpiredException("not a token of this directory: " + token);
              }
              if (!token.startsWith(prefix())) {
                throw new TokenExpiredException(
                    "token "
                        + token
                        + " is from another directory, not this one ("
                        + prefix()
                        + "...)");
              }
              int from;
              try {
                from = Integer.parseInt(token.substring(prefix().length()));
              } catch (NumberFormatException e) {
                throw new TokenExpiredException("not a token of this directory: " + token);
              }
              if (from < firstKeptChange || from > changes.size()) {
                throw new TokenExpiredException(
                    "token "
                        + token
                        + " can no longer be served; changes are kept from "
                        + prefix()
                        + firstKeptChange);
              }
              List<DirectoryChange> out = new ArrayList<>();
              for (int i = from; i < changes.size(); i++) {
                Logged c = changes.get(i);
                String after = prefix() + (i + 1);
                DirectoryChange change =
                    switch (c.what()) {
                      case USER, USER_DELETED -> {
                        DirectoryUser u = users.get(c.id());
                        if (u != null && c.what() == What.USER) {
                          yield new DirectoryChange.UserChanged(u, after);
                        }
                        yield blindSpots.contains(BlindSpot.DELETES_INVISIBLE) && u == null
                            ? null
                            : new DirectoryChange.UserDeleted(c.id(), after);
                      }
                      case GROUP ->
                          groups.containsKey(c.id())
                              ? new DirectoryChange.GroupChanged(
                                  c.id(), groupDn(groups.get(c.id())), after)
                              : blindSpots.contains(BlindSpot.DELETES_INVISIBLE)
                                  ? null
                                  : new DirectoryChange.GroupDeleted(c.id(), after);
                      case CONTAINER ->
                          containers.containsKey(c.id())
                              ? new DirectoryChange.ContainerChanged(c.id(), dnOf(c.id()), after)
                              : blindSpots.contains(BlindSpot.DELETES_INVISIBLE)
                                  ? null
                                  : new DirectoryChange.ContainerDeleted(c.id(), after);
                    };
                if (change != null) {
                  out.add(change);
                }
              }
              if (feedFailsAfter >= 0 && out.size() > feedFailsAfter) {
                int total = out.size();
                return PageCursor.of(
                    List.of(List.copyOf(out.subList(0, feedFailsAfter))),
                    "the change feed stopped after "
                        + feedFailsAfter
                        + " of "
                        + total
                        + " changes (injected)");
              }
              return PageCursor.of(out.isEmpty() ? List.of() : List.of(out), "");
            }
          }
        });
  }

  private int feedFailsAfter = -1;

  private String prefix() {
    return "mem:" + instance + ":";
  }

  /**
   * From now on a change-feed read stops after {@code n} changes and reports itself incomplete;
   * negative turns it off ({@link #heal()} too).
   */
  public synchronized void failFeedAfter(int n) {
    feedFailsAfter = n;
  }

  /**
   * Stops serving tokens from before the current change, as a server's change log does when it is
   * trimmed.
   */
  public synchronized void forgetChangesBefore() {
    firstKeptChange = changes.size();
  }

  @Override
  public void close() {}

  // --- helpers ---

  private static boolean matches(Filter f, DirectoryUser u) {
    Entry e = new Entry(u.dn());
    e.addAttribute("objectClass", "inetOrgPerson");
    for (String name :
        List.of(
            "mail",
            "givenName",
            "sn",
            "displayName",
            "title",
            "department",
            "telephoneNumber",
            "uid")) {
      u.value(name).ifPresent(v -> e.addAttribute(name, v));
    }
    for (String name : u.attributes().names()) {
      e.setAttribute(name, u.attributes().all(name));
    }
    try {
      return f.matchesEntry(e);
    } catch (LDAPException ex) {
      throw new ConfigurationException(
          "LDAP filter \"" + f + "\" cannot be evaluated: " + ex.getDiagnosticMessage());
    }
  }

  private void log(What what, String id) {
    changes.add(new Logged(what, id));
  }

  private DirectoryUser refresh(String userId) {
    return refresh(userId, true);
  }

  /** Recomputes the user's DN, containers and groups; logs it as changed when {@code reported}. */
  private DirectoryUser refresh(String userId, boolean reported) {
    DirectoryUser u = users.get(userId);
    String parent = userParent.get(userId);
    List<String> containerIds = new ArrayList<>();
    containerIds.add(parent);
    containerIds.addAll(ancestors(parent));
    List<String> groupIds =
        groups.values().stream()
            .filter(g -> g.userIds().contains(userId))
            .map(GroupNode::id)
            .toList();
    String rdn = u.dn().substring(0, rdnEnd(u.dn()));
    DirectoryUser updated =
        u.toBuilder()
            .dn(rdn + "," + dnOf(parent))
            .containerIds(containerIds)
            .groupIds(groupIds)
            .build();
    users.put(userId, updated);
    if (reported) {
      log(What.USER, userId);
    }
    return updated;
  }

  /**
   * After a container's rename or move: it is reported, and so are the users below it unless the
   * feed is blind to that.
   */
  private void refreshUnder(String containerId) {
    log(What.CONTAINER, containerId);
    boolean reported = !blindSpots.contains(BlindSpot.RENAMES_DO_NOT_TOUCH_USERS);
    for (String id : List.copyOf(users.keySet())) {
      if (userParent.get(id).equals(containerId)
          || ancestors(userParent.get(id)).contains(containerId)) {
        refresh(id, reported);
      }
    }
  }

  /** Where the first RDN of {@code dn} ends: the first comma not escaped by a backslash. */
  private static int rdnEnd(String dn) {
    for (int i = 0; i < dn.length(); i++) {
      char c = dn.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ',') {
        return i;
      }
    }
    return dn.length();
  }

  private List<String> ancestors(String containerId) {
    List<String> out = new ArrayList<>();
    Node n = containers.get(containerId);
    while (n != null && n.parentId() != null) {
      out.add(n.parentId());
      n = containers.get(n.parentId());
    }
    return out;
  }

  private String dnOf(String containerId) {
    Node n = containers.get(containerId);
    if (n.parentId() == null) {
      return baseDnValue;
    }
    return "ou=" + Organisation.escape(n.name()) + "," + dnOf(n.parentId());
  }

  private String groupDn(GroupNode g) {
    return "cn=" + Organisation.escape(g.name()) + "," + dnOf(g.parentId());
  }

  private Container container(Node n) {
    return new Container(n.id(), dnOf(n.id()), n.name(), n.kind());
  }

  private DirectoryGroup group(GroupNode g) {
    return new DirectoryGroup(g.id(), groupDn(g), g.name(), g.kind());
  }

  private Node requireContainer(String id) {
    Node n = containers.get(id);
    if (n == null) {
      throw new IllegalArgumentException("no container " + id);
    }
    return n;
  }

  private GroupNode requireGroup(String id) {
    GroupNode g = groups.get(id);
    if (g == null) {
      throw new IllegalArgumentException("no group " + id);
    }
    return g;
  }

  private DirectoryUser requireUser(String id) {
    DirectoryUser u = users.get(id);
    if (u == null) {
      throw new IllegalArgumentException("no user " + id);
    }
    return u;
  }
}
