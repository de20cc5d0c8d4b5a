package dev.umt;

/**
 * Told how a run is going, so a command line can draw a progress bar. Called from the engine's
 * threads, often: keep it quick, and thread-safe.
 *
 * <pre>{@code
 * engine = SyncEngine.builder()...progressListener((phase, done, total) -> bar.update(phase, done, total)).build();
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

  /** The phases of a run, in order. */
  enum Phase {
    READ_TARGET,
    READ_DIRECTORY,
    PLAN,
    APPLY
  }

  /** {@code done} of {@code total} in {@code phase}; {@code total} is -1 while unknown. */
  void onProgress(Phase phase, long done, long total);

  /** A listener that ignores everything. */
  ProgressListener NONE = (phase, done, total) -> {};
}
