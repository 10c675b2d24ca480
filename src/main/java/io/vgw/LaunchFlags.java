package io.vgw;

/**
 * The launcher's own flags, beside the configuration ones ({@code --key=value}):
 * {@code -conf FILE}, {@code -cluster}, {@code -cluster-conf FILE}, {@code -cluster-host HOST}, {@code -ha},
 * {@code -training-run}.
 */
record LaunchFlags(String conf, boolean cluster, String clusterConf, String clusterHost, boolean ha,
    boolean trainingRun, String[] args) {

  /** The event bus and Hazelcast stay on loopback unless told otherwise. */
  static final String DEFAULT_CLUSTER_HOST = "127.0.0.1";

  static LaunchFlags parse(String[] args) {
    String conf = null;
    String clusterConf = null;
    String clusterHost = DEFAULT_CLUSTER_HOST;
    boolean cluster = false;
    boolean ha = false;
    boolean trainingRun = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-conf", "--conf" -> conf = value(args, ++i, "-conf");
        case "-cluster" -> cluster = true;
        case "-cluster-conf" -> {
          clusterConf = value(args, ++i, "-cluster-conf");
          cluster = true;
        }
        case "-cluster-host" -> {
          clusterHost = value(args, ++i, "-cluster-host");
          cluster = true;
        }
        case "-ha" -> {
          ha = true;
          cluster = true; // HA needs the cluster to know who died
        }
        case "-training-run" -> trainingRun = true;
        default -> {
          if (args[i].startsWith("-") && !args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
        }
      }
    }
    return new LaunchFlags(conf, cluster, clusterConf, clusterHost, ha, trainingRun, args);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
