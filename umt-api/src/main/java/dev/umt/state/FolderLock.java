package dev.umt.state;

import dev.umt.ConfigurationException;
import dev.umt.internal.AtomicFiles;
import dev.umt.internal.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exclusive lock on a data folder: an OS file lock on its {@code lock} file, held until {@link
 * #close()} and freed by the operating system when the process ends, even by {@code kill -9}. The
 * holder writes its process id, host and start time into the file, so a refused opener can say who
 * holds it. Within one JVM the locks are also kept in a table, because on POSIX systems closing any
 * channel of a file frees every lock the process holds on it: a second opener in the same process
 * must never open (and close) the lock file. Thread-safe.
 */
final class FolderLock implements AutoCloseable {
  static final String FILE_NAME = "lock";

  /** Held folders of this JVM, by real path. Guarded by itself. */
  private static final Map<Path, FolderLock> HELD = new HashMap<>();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final String holder;

  private FolderLock(Path key, FileChannel channel, FileLock lock, String holder) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /**
   * Locks {@code folder}, which must exist.
   *
   * @throws DataFolderLockedException when another process or another store of this process holds
   *     it
   * @throws ConfigurationException when the lock file cannot be created or locked
   */
  static FolderLock acquire(Path folder) {
    Path file = folder.resolve(FILE_NAME);
    synchronized (HELD) {
      Path key;
      try {
        key = folder.toRealPath();
      } catch (IOException e) {
        throw new ConfigurationException(
            "cannot read data folder " + folder + ": " + e.getMessage(), e);
      }
      FolderLock mine = HELD.get(key);
      if (mine != null) {
        throw new DataFolderLockedException(
            "data folder "
                + folder
                + " is already open in this process ("
                + mine.holder
                + "): close that JsonFileStateStore before opening the folder again",
            null);
      }
      FileChannel ch = null;
      try {
        ch = AtomicFiles.openOwnerOnly(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          // Locked through a channel this table does not know; never close ours (that would free
          // it).
          throw new DataFolderLockedException(
              "data folder " + folder + " is already locked in this process by other code", e);
        }
        if (lock == null) {
          String other = holderOf(ch);
          ch.close();
          throw new DataFolderLockedException(
              "data folder "
                  + folder
                  + " is in use by another UMT process ("
                  + other
                  + "): two runs on one data folder would apply the same changes twice. Wait for"
                  + " that run to end, or stop that process, and run again; the operating system"
                  + " frees the lock when the process ends, even if it is killed",
              null);
        }
        long pid = ProcessHandle.current().pid();
        String host = hostName();
        String since = Instant.now().toString();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("pid", pid);
        info.put("host", host);
        info.put("since", since);
        ch.truncate(0);
        ch.write(StandardCharsets.UTF_8.encode(Json.write(info) + "\n"), 0);
        ch.force(true);
        FolderLock held = new FolderLock(key, ch, lock, holder(pid, host, since));
        HELD.put(key, held);
        return held;
      } catch (IOException e) {
        if (ch != null) {
          try {
            ch.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw new ConfigurationException(
            "cannot lock data folder " + folder + " (" + file + "): " + e.getMessage(), e);
      }
    }
  }

  /**
   * Frees the lock; idempotent. The lock file stays (deleting it would let two openers lock two
   * different files).
   */
  @Override
  public void close() {
    synchronized (HELD) {
      if (!HELD.remove(key, this)) {
        return;
      }
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // Closing the channel frees the lock in any case; nothing is lost.
      }
    }
  }

  private static String read(FileChannel ch) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
      // read until the end of the file or 4 KiB
    }
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }

  /**
   * Who holds the lock on {@code ch}, as its lock file says. A holder writes the file just after it
   * takes the lock, so for a moment the file says nothing yet, or still names an earlier holder
   * that has died; this waits up to {@link #HOLDER_WAIT_MILLIS} for it to name a live process.
   */
  private static String holderOf(FileChannel ch) throws IOException {
    long deadline = System.nanoTime() + HOLDER_WAIT_MILLIS * 1_000_000L;
    String text = read(ch);
    while (!namesALiveHolder(text) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      text = read(ch);
    }
    return describe(text);
  }

  /** How long a refused opener waits for the holder to write who it is. */
  static final long HOLDER_WAIT_MILLIS = 1_000;

  /**
   * Whether the lock file names a holder, and, when that holder is on this host, a process that is
   * alive.
   */
  private static boolean namesALiveHolder(String lockFileText) {
    Map<?, ?> m = parse(lockFileText);
    return m != null
        && (!hostName().equals(m.get("host"))
            || ProcessHandle.of((Long) m.get("pid")).map(ProcessHandle::isAlive).orElse(false));
  }

  /**
   * The holder as its lock file describes it, such as {@code pid 4242 on host build-1, since
   * 2026-12-01T04:00:00Z}.
   */
  static String describe(String lockFileText) {
    Map<?, ?> m = parse(lockFileText);
    return m == null
        ? "holder unknown: its lock file does not say"
        : holder((Long) m.get("pid"), (String) m.get("host"), (String) m.get("since"));
  }

  /**
   * The lock file's fields, or null when it does not hold all of them (the holder is writing it
   * right now, or it is not ours).
   */
  private static Map<?, ?> parse(String lockFileText) {
    try {
      if (Json.parse(lockFileText.strip()) instanceof Map<?, ?> m
          && m.get("pid") instanceof Long
          && m.get("host") instanceof String
          && m.get("since") instanceof String) {
        return m;
      }
    } catch (Json.ParseException e) {
      // not JSON (yet)
    }
    return null;
  }

  private static String holder(long pid, String host, String since) {
    return "pid " + pid + " on host " + host + ", since " + since;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
