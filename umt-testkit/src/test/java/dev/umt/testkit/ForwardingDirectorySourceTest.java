package dev.umt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.PageCursor;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.SourceInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every method of {@link DirectorySource}, the default ones included, reaches the delegate with the
 * same arguments and returns what the delegate returned: a method added to the interface and not
 * forwarded (a default answering instead of the delegate) fails here.
 */
class ForwardingDirectorySourceTest {

  /** The interface's methods, by signature, whatever interface declares them. */
  static List<Method> sourceMethods() {
    List<Method> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Method m : DirectorySource.class.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers())
          && seen.add(m.getName() + Arrays.toString(m.getParameterTypes()))) {
        out.add(m);
      }
    }
    return out;
  }

  static Object argument(Class<?> type) {
    if (type == String.class) {
      return "ou=Sales,dc=example,dc=test";
    }
    if (type == int.class) {
      return 7;
    }
    if (type == Scope.class) {
      return Scope.container("sales-id", "ou=Sales,dc=example,dc=test", true);
    }
    if (type == Set.class) {
      return Set.of("u1", "u2");
    }
    throw new AssertionError("no sample argument of " + type + ": extend this test");
  }

  /** A fresh object of {@code type}, so the test can tell the delegate's answer by identity. */
  static Object answer(Class<?> type) {
    if (type == void.class) {
      return null;
    }
    if (type == List.class) {
      return new ArrayList<>(List.of("answer"));
    }
    if (type == Optional.class) {
      return Optional.of(new Object());
    }
    if (type == SourceInfo.class) {
      return new SourceInfo("vendor", "1", List.of("dc=example,dc=test"), "cn=reader", Set.of());
    }
    if (type == PageCursor.class) {
      return Proxy.newProxyInstance(
          PageCursor.class.getClassLoader(),
          new Class<?>[] {PageCursor.class},
          (p, m, a) -> {
            throw new AssertionError("the cursor is only passed on");
          });
    }
    throw new AssertionError("no sample answer of " + type + ": extend this test");
  }

  @Test
  void everyMethodReachesTheDelegateWithItsArgumentsAndReturnsItsAnswer() throws Exception {
    List<Method> methods = sourceMethods();
    assertThat(methods)
        .extracting(Method::getName)
        .contains("users", "changeFeed", "checkConnection", "close");
    for (Method m : methods) {
      Object[] args = Arrays.stream(m.getParameterTypes()).map(t -> argument(t)).toArray();
      Object answer = answer(m.getReturnType());
      List<String> calls = new ArrayList<>();
      DirectorySource delegate =
          (DirectorySource)
              Proxy.newProxyInstance(
                  DirectorySource.class.getClassLoader(),
                  new Class<?>[] {DirectorySource.class},
                  (p, called, a) -> {
                    if (called.getName().equals("toString")) {
                      return "delegate";
                    }
                    calls.add(
                        called.getName()
                            + Arrays.toString(called.getParameterTypes())
                            + " "
                            + Arrays.toString(a));
                    return answer;
                  });
      DirectorySource forwarding = new ForwardingDirectorySource(delegate) {};

      Object returned = m.invoke(forwarding, args);

      assertThat(calls)
          .as(m.toString())
          .containsExactly(
              m.getName()
                  + Arrays.toString(m.getParameterTypes())
                  + " "
                  + Arrays.toString(args.length == 0 ? null : args));
      if (answer != null) {
        assertThat(returned).as(m.toString()).isSameAs(answer);
      }
    }
  }

  @Test
  void aSubclassChangesOnlyWhatItOverrides() {
    Organisation organisation = Organisation.standard();
    InMemoryDirectory directory = InMemoryDirectory.of(organisation);
    DirectorySource unreachable =
        new ForwardingDirectorySource(directory) {
          @Override
          public PageCursor<dev.umt.directory.ScopedUser> users(Scope scope, int pageSize) {
            throw new dev.umt.TemporaryFailureException("server down");
          }
        };
    Scope root = Scope.container(directory.rootId(), organisation.baseDn(), true);

    assertThat(unreachable.findByDn(organisation.baseDn())).isPresent();
    assertThat(unreachable.changeFeed()).isPresent();
    assertThatThrownBy(() -> unreachable.users(root, 10)).hasMessage("server down");
  }
}
