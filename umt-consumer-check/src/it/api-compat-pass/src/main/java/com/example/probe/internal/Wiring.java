package com.example.probe.internal;

/** The baseline's Wiring with wire() gone: incompatible, but internal, so not guarded. */
public final class Wiring {
  /** Rewires. */
  public String rewire() {
    return "rewired";
  }
}
