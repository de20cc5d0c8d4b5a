package dev.umt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectorySourceProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvidersTest {
  /** A provider the tests register through META-INF/services. */
  public static final class FakeSourceProvider implements DirectorySourceProvider {
    @Override
    public String type() {
      return "fake";
    }

    @Override
    public DirectorySource create(Settings settings) {
      throw new UnsupportedOperationException("not needed");
    }
  }

  /** A second provider claiming the same type. */
  public static final class OtherFakeSourceProvider implements DirectorySourceProvider {
    @Override
    public String type() {
      return "fake";
    }

    @Override
    public DirectorySource create(Settings settings) {
      throw new UnsupportedOperationException("not needed");
    }
  }

  @TempDir Path dir;

  private ClassLoader withServices(String... lines) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(DirectorySourceProvider.class.getName()), String.join("\n", lines) + "\n");
    // Parent: the platform loader cannot see the test classes, so the test loader is searched after
    // our file.
    return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader()) {
      @Override
      public java.util.Enumeration<URL> getResources(String name) throws IOException {
        return findResources(name);
      }
    };
  }

  @Test
  void findsAProviderByTypeAndReportsOneThatFailsWithoutHidingIt() throws IOException {
    Providers p =
        Providers.load(withServices("dev.umt.NoSuchProvider", FakeSourceProvider.class.getName()));

    assertThat(p.directorySourceTypes()).containsExactly("fake");
    assertThat(p.directorySource("fake")).isInstanceOf(FakeSourceProvider.class);
    assertThat(p.failures())
        .singleElement()
        .asString()
        .startsWith("DirectorySourceProvider: ")
        .contains("dev.umt.NoSuchProvider");
  }

  @Test
  void anUnknownTypeIsAnErrorListingTheKnownOnes() throws IOException {
    Providers p = Providers.load(withServices(FakeSourceProvider.class.getName()));

    assertThatThrownBy(() -> p.directorySource("ldap"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no directory source of type 'ldap'; known types: [fake]");
  }

  @Test
  void twoProvidersOfOneTypeAreRefusedNamingBoth() throws IOException {
    ClassLoader loader =
        withServices(FakeSourceProvider.class.getName(), OtherFakeSourceProvider.class.getName());

    assertThatThrownBy(() -> Providers.load(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "two DirectorySourceProviders have the type 'fake': "
                + FakeSourceProvider.class.getName()
                + " and "
                + OtherFakeSourceProvider.class.getName());
  }
}
