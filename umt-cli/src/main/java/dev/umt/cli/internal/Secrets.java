package dev.umt.cli.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.umt.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The saved secrets (directory password, key and trust store passwords, the GoToMyPC client secret
 * and refresh token): one owner-only file in the data folder. With a key ({@code UMT_SECRET_KEY}:
 * 32 bytes in base64, or {@code UMT_SECRET_KEY_FILE}: a file holding them, in base64 or raw) the
 * file is {@code secrets.enc}: the bytes {@code UMT1}, a random 12-byte IV (new on every write) and
 * the AES-256-GCM encryption of the JSON map (128-bit tag). Without a key it is {@code
 * secrets.json} in clear, and every command that writes a secret says so. Thread-safe.
 */
final class Secrets {
  static final String ENCRYPTED = "secrets.enc";
  static final String PLAIN = "secrets.json";
  private static final byte[] MAGIC = "UMT1".getBytes(StandardCharsets.US_ASCII);
  private static final JsonAdapter<Map<String, String>> JSON =
      new Moshi.Builder()
          .build()
          .adapter(Types.newParameterizedType(Map.class, String.class, String.class));
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path folder;
  private final @Nullable SecretKeySpec key;
  private final PrintStream err;
  private final Map<String, String> values;
  private boolean warned;

  private Secrets(
      Path folder, @Nullable SecretKeySpec key, PrintStream err, Map<String, String> values) {
    this.folder = folder;
    this.key = key;
    this.err = err;
    this.values = values;
  }

  static Secrets open(Path folder, Map<String, String> env, PrintStream err) {
    SecretKeySpec key = key(env);
    Path enc = folder.resolve(ENCRYPTED);
    Path plain = folder.resolve(PLAIN);
    Map<String, String> values = new TreeMap<>();
    try {
      if (Files.exists(enc)) {
        if (key == null) {
          throw new UserError(
              enc
                  + " is encrypted: set UMT_SECRET_KEY or UMT_SECRET_KEY_FILE to the key it was"
                  + " written with");
        }
        values.putAll(decrypt(enc, Files.readAllBytes(enc), key));
      } else if (Files.exists(plain)) {
        Map<String, String> m = JSON.fromJson(Files.readString(plain));
        if (m != null) {
          values.putAll(m);
        }
      }
    } catch (IOException | com.squareup.moshi.JsonDataException e) {
      throw new UserError(
          "cannot read the saved secrets in " + folder + ": " + e.getClass().getSimpleName());
    }
    return new Secrets(folder, key, err, values);
  }

  private static @Nullable SecretKeySpec key(Map<String, String> env) {
    String text = env.get("UMT_SECRET_KEY");
    String origin = "UMT_SECRET_KEY";
    byte[] raw = null;
    if ((text == null || text.isBlank())
        && env.get("UMT_SECRET_KEY_FILE") != null
        && !env.get("UMT_SECRET_KEY_FILE").isBlank()) {
      Path file = Path.of(env.get("UMT_SECRET_KEY_FILE"));
      origin = "the key file " + file + " (UMT_SECRET_KEY_FILE)";
      try {
        raw = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UserError("cannot read " + origin + ": " + e.getClass().getSimpleName());
      }
      if (raw.length != 32) {
        text = new String(raw, StandardCharsets.US_ASCII).strip();
        raw = null;
      }
    }
    if (raw == null && (text == null || text.isBlank())) {
      return null;
    }
    if (raw == null) {
      try {
        raw = Base64.getDecoder().decode(text.strip());
      } catch (IllegalArgumentException e) {
        throw new UserError(
            origin + " is not base64: give 32 random bytes in base64 (openssl rand -base64 32)");
      }
    }
    if (raw.length != 32) {
      throw new UserError(
          origin
              + " holds "
              + raw.length
              + " bytes, not 32: give 32 random bytes in base64 (openssl rand -base64 32)");
    }
    return new SecretKeySpec(raw, "AES");
  }

  private static Map<String, String> decrypt(Path file, byte[] bytes, SecretKeySpec key) {
    if (bytes.length < MAGIC.length + 12 + 16
        || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new UserError(file + " is not a umt secrets file");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, MAGIC.length, 12));
      c.updateAAD(MAGIC);
      byte[] plain = c.doFinal(bytes, MAGIC.length + 12, bytes.length - MAGIC.length - 12);
      Map<String, String> m = JSON.fromJson(new String(plain, StandardCharsets.UTF_8));
      return m == null ? Map.of() : m;
    } catch (AEADBadTagException e) {
      throw new UserError(
          "cannot decrypt "
              + file
              + ": the key in UMT_SECRET_KEY or UMT_SECRET_KEY_FILE is not the one it was written"
              + " with");
    } catch (GeneralSecurityException | IOException e) {
      throw new UserError("cannot decrypt " + file + ": " + e.getClass().getSimpleName());
    }
  }

  synchronized Optional<Secret> get(String name) {
    return Optional.ofNullable(values.get(name)).map(Secret::of);
  }

  synchronized void put(String name, Secret value) {
    values.put(name, value.reveal());
    write();
  }

  synchronized void remove(String... names) {
    boolean changed = false;
    for (String n : names) {
      changed |= values.remove(n) != null;
    }
    if (changed) {
      write();
    }
  }

  boolean encrypted() {
    return key != null;
  }

  /** The file the secrets are (or will be) in. */
  Path file() {
    return folder.resolve(key != null ? ENCRYPTED : PLAIN);
  }

  private void write() {
    if (key == null) {
      if (!warned) {
        warned = true;
        err.println(
            "warning: secrets are stored unencrypted in "
                + file()
                + " (readable only by you); set UMT_SECRET_KEY or UMT_SECRET_KEY_FILE to encrypt"
                + " them");
      }
      Files2.writeOwnerOnly(file(), JSON.indent("  ").toJson(values) + "\n");
      return;
    }
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      c.updateAAD(MAGIC);
      byte[] sealed = c.doFinal(JSON.toJson(values).getBytes(StandardCharsets.UTF_8));
      Files2.writeOwnerOnly(
          file(),
          ByteBuffer.allocate(MAGIC.length + iv.length + sealed.length)
              .put(MAGIC)
              .put(iv)
              .put(sealed)
              .array());
      Files.deleteIfExists(folder.resolve(PLAIN));
    } catch (GeneralSecurityException | IOException e) {
      throw new UserError("cannot encrypt the secrets: " + e.getClass().getSimpleName());
    }
  }
}
