package io.vgw.impl;

import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The JDK's {@code java.util.logging} manager, except that it stays open until the gateway has
 * stopped. The JDK resets logging from a shutdown hook of its own, which runs alongside vgw's: on
 * SIGTERM the lines written while the gateway drains its requests and flushes its spans (an
 * exporter that could not send, how many spans were exported) went nowhere. Tomcat's
 * {@code ClassLoaderLogManager} solves the same race the same way: ignore the JDK hook's reset, and
 * reset after the application's own shutdown.
 *
 * <p>{@code java -jar vgw.jar} installs it ({@link Launcher#install()}) unless
 * {@code java.util.logging.manager} names another; an application embedding vgw keeps its own.
 */
public final class ShutdownLogManager extends LogManager {

  /** The JDK's hook thread is {@code java.util.logging.LogManager$Cleaner}. */
  private static final String JDK_SHUTDOWN_HOOK = LogManager.class.getName() + "$";

  /** Public, with no arguments: the JDK instantiates the class named by the property. */
  public ShutdownLogManager() {
  }

  @Override
  public void reset() {
    if (Thread.currentThread().getClass().getName().startsWith(JDK_SHUTDOWN_HOOK)) {
      return; // the launcher resets after the gateway has stopped (Launcher.shutdownComplete)
    }
    super.reset();
  }

  private void resetNow() {
    super.reset();
  }

  /**
   * What the launcher calls. Not on {@link ShutdownLogManager} itself: calling a static method of a
   * {@code LogManager} subclass initialises {@code LogManager} first, which picks its manager from
   * the property before it could be set.
   */
  public static final class Launcher {

    private static final String PROPERTY = "java.util.logging.manager";

    private Launcher() {
    }

    /**
     * Names {@link ShutdownLogManager} as the logging manager (unless another is named), then
     * creates the root handlers. Must run before anything logs.
     */
    public static void install() {
      if (System.getProperty(PROPERTY) == null) {
        System.setProperty(PROPERTY, ShutdownLogManager.class.getName()); // a class literal initialises nothing
      }
      // The root logger's handlers are created at its first use, and never once the JDK's hook has
      // run: a gateway that logged nothing before SIGTERM would still lose its shutdown lines.
      Logger.getLogger("").getHandlers();
    }

    /** Flushes and closes the handlers at last: for the launcher's shutdown hook, once all is stopped. */
    public static void shutdownComplete() {
      if (LogManager.getLogManager() instanceof ShutdownLogManager manager) {
        manager.resetNow();
      }
    }
  }
}
