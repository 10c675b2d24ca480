package io.vgw.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Clustered Vert.x nodes in this JVM, with the shipped conf/cluster.xml: Hazelcast on 127.0.0.1. */
public final class ClusterNodes {

  private ClusterNodes() {
  }

  public static Future<Vertx> start() {
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions().setHost("127.0.0.1").setPort(0)))
        .withClusterManager(new HazelcastClusterManager(ClusterConfig.load(null)))
        .buildClustered();
  }
}
