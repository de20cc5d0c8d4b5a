package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTokenStoreTest {

  @Test
  void savesAtomicallyToAFileOnlyItsOwnerCanReadAndLoadsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested").resolve("token");
    TokenStore store = TokenStore.open(file);
    assertThat(store.load()).isEmpty();
    store.save(Secret.of("rt-one"));
    store.save(Secret.of("rt-two"));
    assertThat(store.load()).contains(Secret.of("rt-two"));
    assertThat(Files.readString(file)).isEqualTo("rt-two\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file is left behind").containsExactly(file);
    }
    assertThat(store.toString()).isEqualTo("TokenStore.open(" + file + ")");
  }

  @Test
  void theWriteCheckCreatesAnOwnerOnlyFolderAndLeavesNothingBehind(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("new-folder").resolve("token");
    TokenStore store = TokenStore.open(file);
    store.checkWritable();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("the probe file is removed and no token file is made").isEmpty();
    }
    Files.writeString(dir.resolve("plain-file"), "x");
    Path underAFile = dir.resolve("plain-file").resolve("token");
    assertThatThrownBy(() -> TokenStore.open(underAFile).checkWritable())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "token file "
                + underAFile
                + " cannot be used: "
                + dir.resolve("plain-file")
                + " is a file, not a folder");
    assertThatThrownBy(() -> TokenStore.open(underAFile).save(Secret.of("rt")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "token file "
                + underAFile
                + " cannot be used: "
                + dir.resolve("plain-file")
                + " is a file, not a folder");
    assertThatThrownBy(() -> TokenStore.open(dir).load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "token file "
                + dir
                + " is a directory, not a file; set tokenFile to a file path, e.g. "
                + dir.resolve("gotomypc-refresh-token"));
  }

  @Test
  void refusesAFileOthersCanRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "rt-open\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> TokenStore.open(file).load())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "token file "
                + file
                + " can be read by others (rw-r--r--); make it readable by its owner only, e.g."
                + " chmod 600 "
                + file)
        .hasMessageNotContaining("rt-open");
  }

  @Test
  void anEmptyFileHoldsNoToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "  \n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(TokenStore.open(file).load()).isEmpty();
  }
}
