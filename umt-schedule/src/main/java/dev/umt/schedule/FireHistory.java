package dev.umt.schedule;

import dev.umt.ConfigurationException;
import dev.umt.internal.AtomicFiles;
import dev.umt.internal.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last fires of every schedule of a data folder ({@code schedule-history.json}, owner-only,
 * replaced atomically, the newest {@value #KEPT} kept), including those that did not run (skipped
 * because the data folder was in use) and so are not in the state store's run history. {@code umt
 * status} shows them. Thread-safe within one process; two processes recording at once may lose one
 * record, never corrupt the file. An unreadable file is logged and started afresh: the history is
 * informative, the state store is the record.
 */
public final class FireHistory {
  /** The file name in a data folder. */
  public static final String NAME = "schedule-history.json";

  /** How many fires are kept. */
  public static final int KEPT = 500;

  private static final Logger log = LoggerFactory.getLogger(FireHistory.class);

  private final Path file;

  private FireHistory(Path file) {
    this.file = file;
  }

  /**
   * The history file {@code file} (in a data folder, {@code folder.resolve(FireHistory.NAME)});
   * nothing is read yet.
   */
  public static FireHistory open(Path file) {
    return new FireHistory(Objects.requireNonNull(file, "file"));
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * Adds {@code r} as the newest fire.
   *
   * @throws ConfigurationException when the file cannot be written
   */
  public synchronized void record(FireRecord r) {
    List<FireRecord> all = new ArrayList<>(read());
    all.add(r);
    if (all.size() > KEPT) {
      all = all.subList(all.size() - KEPT, all.size());
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < all.size(); i++) {
      FireRecord f = all.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scheduleId", f.scheduleId());
      m.put("firedAt", f.firedAt().toString());
      m.put("finishedAt", f.finishedAt().toString());
      m.put("outcome", f.outcome().name());
      m.put("planId", f.planId());
      m.put("reason", f.reason());
      b.append(i == 0 ? "\n" : ",\n").append(Json.write(m));
    }
    b.append("\n]\n");
    try {
      AtomicFiles.write(file, b.toString());
    } catch (IOException e) {
      throw new ConfigurationException(
          file + ": cannot record the fire of schedule " + r.scheduleId() + ": " + e, e);
    }
  }

  /** The newest {@code max} fires, newest first. */
  public synchronized List<FireRecord> last(int max) {
    List<FireRecord> all = new ArrayList<>(read());
    Collections.reverse(all);
    return List.copyOf(all.subList(0, Math.min(max, all.size())));
  }

  /** The newest fire of schedule {@code id}. */
  public synchronized Optional<FireRecord> lastOf(String id) {
    return last(KEPT).stream().filter(f -> f.scheduleId().equals(id)).findFirst();
  }

  private List<FireRecord> read() {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot read the schedule history: " + e, e);
    }
    List<FireRecord> out = new ArrayList<>();
    try {
      for (Object o : (List<?>) Json.parse(text)) {
        Map<?, ?> m = (Map<?, ?>) o;
        out.add(
            new FireRecord(
                (String) m.get("scheduleId"),
                Instant.parse((String) m.get("firedAt")),
                Instant.parse((String) m.get("finishedAt")),
                RunResult.Outcome.valueOf((String) m.get("outcome")),
                (String) m.get("planId"),
                (String) m.get("reason")));
      }
    } catch (Json.ParseException | RuntimeException e) {
      log.warn(
          "{}: the schedule history cannot be read ({}); starting it afresh", file, e.toString());
      return List.of();
    }
    return out;
  }
}
