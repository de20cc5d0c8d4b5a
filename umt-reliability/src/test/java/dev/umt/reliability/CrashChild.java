package dev.umt.reliability;

import dev.umt.SyncOptions;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link CrashMatrixTest} kills: one sync run of the {@link World} the parent
 * describes, against the parent's stand-in. It prints a marker line before each ledger write
 * ({@code MARK ledger-write N}) and before each compaction ({@code MARK compact N}; it compacts
 * after every write, so that a compaction happens during the apply, not only when the store
 * closes), and {@code REPORT <status>} at the end.
 *
 * <p>Arguments: the properties file of target settings, the folder, users, later users, how many of
 * the later users to hire, how many users to rename.
 */
public final class CrashChild {
  static final String LEDGER_WRITE = "MARK ledger-write ";
  static final String COMPACT = "MARK compact ";
  static final String REPORT = "REPORT ";
  static final int COMPACT_EVERY = 1;

  private CrashChild() {}

  public static void main(String[] args) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      p.load(in);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(n -> settings.put(n, p.getProperty(n)));
    int users = Integer.parseInt(args[2]);
    int later = Integer.parseInt(args[3]);
    World w = World.attach(settings, Path.of(args[1]), users, later);
    changeDirectory(w, users, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
    PrintStream out = System.out;
    World.Run run = w.run(SyncOptions.defaults(), store -> marking(store, out));
    out.println(REPORT + (run.report() == null ? "threw " + run.thrown() : run.report().status()));
    out.flush();
  }

  /**
   * What the parent and the child both do to the generated directory before the run that is killed.
   */
  static void changeDirectory(World w, int users, int hire, int rename) {
    w.hire(users, users + hire);
    for (int i = 0; i < rename; i++) {
      w.rename(i, "Renamed" + i);
    }
  }

  /**
   * {@code store} with a marker printed before each ledger write and each compaction; other calls
   * go straight through.
   */
  private static StateStore marking(StateStore store, PrintStream out) {
    AtomicInteger writes = new AtomicInteger();
    return (StateStore)
        Proxy.newProxyInstance(
            CrashChild.class.getClassLoader(),
            new Class<?>[] {StateStore.class},
            (proxy, method, a) -> {
              boolean write = method.getName().equals("writeLedger");
              int n = write ? writes.incrementAndGet() : 0;
              if (write) {
                out.println(LEDGER_WRITE + n);
                out.flush();
              }
              Object result;
              try {
                result = method.invoke(store, a);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (write && n % COMPACT_EVERY == 0 && store instanceof JsonFileStateStore json) {
                out.println(COMPACT + n / COMPACT_EVERY);
                out.flush();
                json.compact();
              }
              return result;
            });
  }
}
