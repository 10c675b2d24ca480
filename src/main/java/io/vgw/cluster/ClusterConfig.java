package io.vgw.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.XmlConfigBuilder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The Hazelcast configuration of a vgw cluster: {@code conf/cluster.xml} as shipped (members on
 * 127.0.0.1 by TCP, no multicast), or a file of the user's.
 */
public final class ClusterConfig {

  /** The shipped {@code conf/cluster.xml}, built into the jar. */
  public static final String BUILT_IN = "vgw/cluster.xml";

  private ClusterConfig() {
  }

  /**
   * Loads a Hazelcast XML configuration. Blocking file I/O: call before creating Vert.x, or off
   * the event loop.
   *
   * @param path a file, or null for the built-in default
   * @throws IllegalArgumentException naming the file when it is missing or not valid
   */
  public static Config load(String path) {
    if (path == null) {
      try (InputStream in = ClusterConfig.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
        if (in == null) {
          throw new IllegalArgumentException("cluster configuration " + BUILT_IN + " is not in the jar");
        }
        return new XmlConfigBuilder(in).build();
      } catch (IOException e) {
        throw new IllegalArgumentException("cluster configuration " + BUILT_IN + ": " + e.getMessage());
      }
    }
    try {
      return new XmlConfigBuilder(path).build();
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("cluster configuration " + path + ": no such file");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cluster configuration " + path + ": " + e.getMessage());
    }
  }
}
