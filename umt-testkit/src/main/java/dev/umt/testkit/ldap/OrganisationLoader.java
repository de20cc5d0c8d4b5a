package dev.umt.testkit.ldap;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import dev.umt.testkit.Organisation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/** Loads the organisation into a real server once, and again when it changed. */
final class OrganisationLoader {
  /** Bump when the loading itself changes in a way the LDIF does not show. */
  private static final String LOADER_VERSION = "1";

  private static final String MARKER_PREFIX = "umt-organisation ";
  private static final int THREADS = 4;
  private static final long DELETE_TIMEOUT_MILLIS = 30 * 60_000L;

  private OrganisationLoader() {}

  /** The marker the base entry's description carries once {@code changes} are loaded. */
  static String marker(List<LDIFChangeRecord> changes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(LOADER_VERSION.getBytes(StandardCharsets.UTF_8));
      sha.update(OrganisationLdif.ldif(changes).getBytes(StandardCharsets.UTF_8));
      return MARKER_PREFIX + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Work done on a server while holding its load lock. */
  interface LockedWork<T> {
    T run(LDAPConnection connection) throws LDAPException;
  }

  /**
   * Runs {@code work} over an administrator connection while holding {@code <name>.load.lock} in
   * {@code lockDirectory}, so loaders in several JVMs (tests, benchmarks, scripts) take turns.
   */
  @SuppressWarnings("try") // the lock is held by the try block, not read
  static <T> T locked(TestServer server, Path lockDirectory, String what, LockedWork<T> work) {
    Path lockFile = lockDirectory.resolve(server.name() + ".load.lock");
    try {
      Files.createDirectories(lockDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create " + lockDirectory + " for the lock of " + server, e);
    }
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock();
        LDAPConnection c = loaderConnection(server)) {
      return work.run(c);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot lock " + lockFile + " to load " + what + " into " + server, e);
    } catch (LDAPException e) {
      throw new IllegalStateException(
          "cannot load "
              + what
              + " into "
              + server
              + ": "
              + e.getResultCode()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * An administrator connection that waits up to 10 minutes for a reply: a busy Samba adds a
   * 1,600-member group slowly.
   */
  private static LDAPConnection loaderConnection(TestServer server) throws LDAPException {
    LDAPConnection c = server.connect();
    com.unboundid.ldap.sdk.LDAPConnectionOptions options = c.getConnectionOptions().duplicate();
    options.setResponseTimeoutMillis(10 * 60_000L);
    c.setConnectionOptions(options);
    return c;
  }

  static void ensureLoaded(TestServer server, Organisation organisation, Path lockDirectory) {
    List<LDIFChangeRecord> changes = OrganisationLdif.changes(organisation, server.flavour());
    String marker = marker(changes);
    // Fast path without the lock: a benchmark may hold it for minutes while it loads its own OU.
    try (LDAPConnection c = server.connect()) {
      if (marker.equals(readMarker(c, server.baseDn()))) {
        return;
      }
    } catch (LDAPException e) {
      throw new IllegalStateException(
          "cannot read the base entry of "
              + server
              + ": "
              + e.getResultCode()
              + ": "
              + e.getMessage(),
          e);
    }
    locked(
        server,
        lockDirectory,
        "the organisation",
        c -> {
          if (marker.equals(readMarker(c, server.baseDn()))) {
            return null;
          }
          long start = System.nanoTime();
          replace(c, server, organisation, changes);
          c.modify(
              server.baseDn(), new Modification(ModificationType.REPLACE, "description", marker));
          System.err.printf(
              "[umt-testkit] loaded the standard organisation into %s (%d changes) in %.1f s%n",
              server, changes.size(), (System.nanoTime() - start) / 1e9);
          return null;
        });
  }

  /** Deletes the organisation's top OUs where they exist, then applies {@code changes}. */
  static void replace(
      LDAPConnection c,
      TestServer server,
      Organisation organisation,
      List<LDIFChangeRecord> changes)
      throws LDAPException {
    removeOrganisation(c, server, organisation);
    apply(c, server, changes);
  }

  private static @Nullable String readMarker(LDAPConnection c, String baseDn) throws LDAPException {
    SearchResultEntry base = c.getEntry(baseDn, "description");
    if (base == null) {
      throw new LDAPException(
          ResultCode.NO_SUCH_OBJECT, "the base entry " + baseDn + " does not exist");
    }
    String[] values = base.getAttributeValues("description");
    if (values != null) {
      for (String v : values) {
        if (v.startsWith(MARKER_PREFIX)) {
          return v;
        }
      }
    }
    return null;
  }

  /** Deletes the organisation's top OUs (and everything in them) that exist, and the marker. */
  private static void removeOrganisation(
      LDAPConnection c, TestServer server, Organisation organisation) throws LDAPException {
    DN base = new DN(organisation.baseDn());
    RootDSE root = c.getRootDSE();
    boolean treeDelete =
        root != null
            && root.supportsControl(SubtreeDeleteRequestControl.SUBTREE_DELETE_REQUEST_OID);
    for (Organisation.Unit unit : organisation.units()) {
      if (!new DN(unit.parentDn()).equals(base)) {
        continue;
      }
      String dn = OrganisationLdif.formatDn(unit.dn(), server.flavour());
      if (c.getEntry(dn, "1.1") == null) {
        continue;
      }
      if (treeDelete) {
        DeleteRequest delete = new DeleteRequest(dn);
        delete.addControl(new SubtreeDeleteRequestControl(true));
        delete.setResponseTimeoutMillis(
            DELETE_TIMEOUT_MILLIS); // Samba deletes about 100 entries a second
        c.delete(delete);
      } else {
        SearchResult all = c.search(dn, SearchScope.SUB, "(objectClass=*)", "1.1");
        List<DN> dns = new ArrayList<>();
        for (SearchResultEntry e : all.getSearchEntries()) {
          dns.add(e.getParsedDN());
        }
        dns.sort(Comparator.comparingInt((DN d) -> d.getRDNs().length).reversed());
        for (DN d : dns) {
          DeleteRequest delete = new DeleteRequest(d);
          delete.setResponseTimeoutMillis(DELETE_TIMEOUT_MILLIS);
          c.delete(delete);
        }
      }
    }
  }

  /**
   * Applies the changes in order; runs of user adds go over {@value #THREADS} connections at once.
   */
  private static void apply(LDAPConnection c, TestServer server, List<LDIFChangeRecord> changes)
      throws LDAPException {
    LDAPConnectionPool pool = new LDAPConnectionPool(loaderConnection(server), 1, THREADS);
    ExecutorService executor = Executors.newFixedThreadPool(THREADS);
    try {
      List<AddRequest> batch = new ArrayList<>();
      for (LDIFChangeRecord change : changes) {
        if (change instanceof LDIFAddChangeRecord add && isUser(add.getEntryToAdd())) {
          batch.add(add.toAddRequest());
          continue;
        }
        addAll(pool, executor, batch);
        batch.clear();
        apply(c, change);
      }
      addAll(pool, executor, batch);
    } finally {
      executor.shutdownNow();
      pool.close();
    }
  }

  private static boolean isUser(Entry e) {
    return e.hasObjectClass("person");
  }

  private static void apply(LDAPInterface c, LDIFChangeRecord change) throws LDAPException {
    try {
      change.processChange(c);
    } catch (LDAPException e) {
      throw new LDAPException(e.getResultCode(), change.getDN() + ": " + e.getMessage(), e);
    }
  }

  private static void addAll(
      LDAPConnectionPool pool, ExecutorService executor, List<AddRequest> adds)
      throws LDAPException {
    List<Future<?>> futures = new ArrayList<>();
    for (AddRequest add : adds) {
      futures.add(
          executor.submit(
              () -> {
                try {
                  pool.add(add);
                } catch (LDAPException e) {
                  throw new LDAPException(
                      e.getResultCode(), add.getDN() + ": " + e.getMessage(), e);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LDAPException(ResultCode.LOCAL_ERROR, "interrupted while loading", e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof LDAPException le) {
          throw le;
        }
        throw new LDAPException(ResultCode.LOCAL_ERROR, e.getCause().toString(), e.getCause());
      }
    }
  }
}
