package dev.umt.directory;

import dev.umt.PageCursor;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads users, groups and containers from a directory. Implementations: the LDAP connectors ({@code
 * ldap}, {@code active-directory}, {@code edirectory}) and the test kit's in-memory directory. A
 * source is thread-safe: the engine may read several scopes at once. Every method but {@link
 * #close()} may do network I/O, only reads (so every call is repeatable) and throws {@link
 * dev.umt.UmtException} subclasses: {@link dev.umt.ConfigurationException} for a scope, DN or
 * filter that is wrong, {@link dev.umt.TemporaryFailureException} for a server that cannot be
 * reached, {@link dev.umt.AuthenticationException} for refused credentials.
 *
 * <p>What the engine does then: a rule whose scope cannot be read ends the run {@code FAILED}
 * before anything is applied ({@code onRuleFailure = ABORT}, the default) or counts as an
 * incomplete read under {@code CONTINUE}, and nothing is deprovisioned on an incomplete read. A
 * page that fails after the first should end the cursor {@linkplain PageCursor#isComplete()
 * incomplete} rather than throw. A failure that is not a {@code UmtException} is a bug and ends the
 * run {@code FAILED}. The engine never closes a source it was given.
 *
 * <pre>{@code
 * try (DirectorySource source = new LdapDirectorySource(config)) {
 *   SourceInfo info = source.checkConnection();
 *   try (PageCursor<ScopedUser> users = source.users(Scope.container(ouId, ouDn, true), 500)) { ... }
 * }
 * }</pre>
 */
public interface DirectorySource extends AutoCloseable {

  /** Connects, binds and reads what the server offers. */
  SourceInfo checkConnection();

  /**
   * The containers and groups directly under {@code dn}, for browsing; users are read with {@link
   * #users}.
   */
  List<DirectoryEntry> children(String dn);

  /** The container, group or user with this permanent id, if it exists. */
  Optional<DirectoryEntry> findById(String id);

  /** The container, group or user with this DN, if it exists. */
  Optional<DirectoryEntry> findByDn(String dn);

  /**
   * The users of {@code scope}, {@code pageSize} at a time, each with the path that put it in
   * scope. A user appears once even when several paths lead to it (groups that contain each other).
   *
   * @throws dev.umt.ConfigurationException when the scope's container or group no longer exists,
   *     naming its id and DN
   */
  PageCursor<ScopedUser> users(Scope scope, int pageSize);

  /**
   * The users of {@code scope} whose ids are in {@code userIds}: what {@link #users(Scope, int)}
   * returns for them, with the same paths and the same completeness. An incremental run asks this
   * for the users a change affects, so a source should answer with reads proportional to {@code
   * userIds} (a base search per user, a filter on the id attribute); the default reads the whole
   * scope and keeps those users, which is right but not fast. Ids that are not users of the scope
   * (or not users at all) are left out, not reported.
   *
   * @throws dev.umt.ConfigurationException when the scope's container or group no longer exists,
   *     naming its id and DN
   */
  default PageCursor<ScopedUser> users(Scope scope, Set<String> userIds, int pageSize) {
    PageCursor<ScopedUser> all = users(scope, pageSize);
    return new PageCursor<>() {
      @Override
      public boolean hasNext() {
        return all.hasNext();
      }

      @Override
      public List<ScopedUser> next() {
        return all.next().stream().filter(su -> userIds.contains(su.user().id())).toList();
      }

      @Override
      public boolean isComplete() {
        return all.isComplete();
      }

      @Override
      public String incompleteReason() {
        return all.incompleteReason();
      }

      @Override
      public List<Skipped> skipped() {
        return all.skipped();
      }

      @Override
      public void close() {
        all.close();
      }
    };
  }

  /** The change feed, where the server offers one. */
  default Optional<ChangeFeed> changeFeed() {
    return Optional.empty();
  }

  /** Releases connections. Idempotent; does not throw. */
  @Override
  void close();
}
