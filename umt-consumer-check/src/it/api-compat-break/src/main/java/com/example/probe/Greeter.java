package com.example.probe;

/** The baseline's Greeter without goodbye(): a binary-incompatible change. */
public final class Greeter {
  /** Says hello. */
  public String hello() {
    return "hello";
  }
}
