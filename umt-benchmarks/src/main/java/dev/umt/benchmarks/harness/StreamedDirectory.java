package dev.umt.benchmarks.harness;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The harness organisation's users made page by page, as an LDAP read delivers them: the source
 * itself holds nothing, so the live heap of a run is the engine's, the ledger's and the target's,
 * not a directory kept in the same JVM. The same users (ids, DNs, fields, containers) as {@link
 * BenchOrganisation#inMemory}, for the heap rows only. Thread-safe; each cursor is not.
 */
final class StreamedDirectory implements DirectorySource {
  static final String CORP_ID = "corp";
  private final int n;
  private final List<List<String>> viaByDept = new ArrayList<>();
  private final List<List<String>> containersByDept = new ArrayList<>();
  private final List<String> dnSuffixByDept = new ArrayList<>();

  StreamedDirectory(int n) {
    this.n = n;
    String corp = "ou=Corp," + BenchOrganisation.BASE;
    for (int r = 0; r < BenchOrganisation.REGIONS; r++) {
      String region = "ou=Region " + r + "," + corp;
      for (int d = 0; d < BenchOrganisation.DEPARTMENTS_PER_REGION; d++) {
        String dept = "ou=Dept " + r + "-" + d + "," + region;
        viaByDept.add(List.of(corp, region, dept));
        containersByDept.add(List.of("dept-" + r + "-" + d, "region-" + r, CORP_ID));
        dnSuffixByDept.add(dept);
      }
    }
  }

  static Scope scope() {
    return Scope.container(CORP_ID, "ou=Corp," + BenchOrganisation.BASE, true);
  }

  private ScopedUser user(int i) {
    int d = i % viaByDept.size();
    DirectoryUser u =
        DirectoryUser.builder(
                String.format("00000000-0000-4000-8000-%012d", i),
                "cn=User " + i + "," + dnSuffixByDept.get(d),
                BenchOrganisation.login(i))
            .email(BenchOrganisation.email(i))
            .givenName("Given" + i)
            .surname("Surname" + i)
            .displayName("User " + i)
            .title("Title " + (i % 40))
            .department("Dept " + d)
            .phone("+1 555 " + String.format("%07d", i))
            .containerIds(containersByDept.get(d))
            .build();
    return new ScopedUser(u, viaByDept.get(d));
  }

  @Override
  public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
    if (!scope.id().equals(CORP_ID)) {
      throw new IllegalArgumentException("the streamed directory has only ou=Corp");
    }
    return new PageCursor<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public List<ScopedUser> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<ScopedUser> page = new ArrayList<>(pageSize);
        for (int end = Math.min(n, next + pageSize); next < end; next++) {
          page.add(user(next));
        }
        return page;
      }

      @Override
      public boolean isComplete() {
        return true;
      }

      @Override
      public String incompleteReason() {
        return "";
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public SourceInfo checkConnection() {
    throw new UnsupportedOperationException("not needed by the harness");
  }

  @Override
  public List<DirectoryEntry> children(String dn) {
    throw new UnsupportedOperationException("not needed by the harness");
  }

  @Override
  public Optional<DirectoryEntry> findById(String id) {
    return Optional.empty();
  }

  @Override
  public Optional<DirectoryEntry> findByDn(String dn) {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
