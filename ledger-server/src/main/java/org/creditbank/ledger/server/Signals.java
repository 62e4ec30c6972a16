package org.creditbank.ledger.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

/**
 * Runs an action on SIGHUP, through the JDK's {@code sun.misc.Signal} reached by reflection: the
 * build compiles with {@code -Werror}, and a direct use of that internal API is a warning that
 * cannot be suppressed.
 */
public final class Signals {
  private Signals() {}

  /**
   * Runs {@code action} on its own thread each time the process receives SIGHUP.
   *
   * @param action what to do, such as {@link LedgerServer#reloadTokens()}
   * @return false if this JVM or platform has no SIGHUP (the action is then never run)
   */
  public static boolean onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler ih =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "handle" -> action.run();
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              case "equals" -> {
                return proxy == args[0];
              }
              case "toString" -> {
                return "SIGHUP handler";
              }
              default -> {}
            }
            return null;
          };
      Object h =
          Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler}, ih);
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      signal.getMethod("handle", signal, handler).invoke(null, hup, h);
      return true;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return false;
    }
  }
}
