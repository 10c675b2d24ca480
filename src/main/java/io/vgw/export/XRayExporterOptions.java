package io.vgw.export;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The AWS X-Ray exporter: segment documents sent over UDP to the X-Ray daemon. Mirrors the Go
 * exporter's options ({@code WithVersion}, {@code WithRegion}, {@code WithOrigin}, {@code
 * WithServiceName}, {@code WithBlacklist}, {@code WithOnExport}).
 *
 * <pre>
 * {"type":"xray","serviceName":"vgw","version":"1.2.0","region":"ap-southeast-1",
 *  "origin":"AWS::ECS::Container","daemonAddress":"127.0.0.1:2000","blocklist":["^grpc\\.health"]}
 * </pre>
 *
 * <p>It needs no AWS credentials and makes no network call other than to the daemon's UDP port.
 * UDP gives no delivery report: when no daemon listens, documents are lost without an error.
 */
public class XRayExporterOptions extends ExporterOptions {

  /** The {@code "type"} of this exporter in JSON configuration. */
  public static final String TYPE = "xray";

  /** Default segment name when a span has no better one: {@code vgw}. */
  public static final String DEFAULT_SERVICE_NAME = "vgw";

  /**
   * Default daemon address: {@code null}, meaning the SDK's own rule: the {@code
   * AWS_XRAY_DAEMON_ADDRESS} environment variable, else the {@code
   * com.amazonaws.xray.emitters.daemonAddress} system property, else {@code 127.0.0.1:2000}.
   */
  public static final String DEFAULT_DAEMON_ADDRESS = null;

  /** The {@code origin} values X-Ray knows for the services vgw runs on. */
  public static final Set<String> ORIGINS =
      Set.of("AWS::EC2::Instance", "AWS::ECS::Container", "AWS::ElasticBeanstalk::Environment");

  private String serviceName = DEFAULT_SERVICE_NAME;
  private String version;
  private String region;
  private String origin;
  private String daemonAddress = DEFAULT_DAEMON_ADDRESS;
  private List<String> blocklist = new ArrayList<>();
  private Consumer<String> onExport;

  public XRayExporterOptions() {}

  public XRayExporterOptions(XRayExporterOptions other) {
    this.serviceName = other.serviceName;
    this.version = other.version;
    this.region = other.region;
    this.origin = other.origin;
    this.daemonAddress = other.daemonAddress;
    this.blocklist = new ArrayList<>(other.blocklist);
    this.onExport = other.onExport;
  }

  public XRayExporterOptions(JsonObject json) {
    setServiceName(json.getString("serviceName", DEFAULT_SERVICE_NAME));
    setVersion(json.getString("version"));
    setRegion(json.getString("region"));
    setOrigin(json.getString("origin"));
    setDaemonAddress(json.getString("daemonAddress", DEFAULT_DAEMON_ADDRESS));
    JsonArray patterns = json.getJsonArray("blocklist", new JsonArray());
    for (Object pattern : patterns) {
      addBlocklistPattern((String) pattern);
    }
  }

  @Override
  public String getType() {
    return TYPE;
  }

  public String getServiceName() {
    return serviceName;
  }

  /**
   * Segment name used when a SERVER span has no {@code http.host}; X-Ray's service map groups
   * segments by name.
   *
   * @throws IllegalArgumentException if blank
   */
  public XRayExporterOptions setServiceName(String serviceName) {
    if (serviceName == null || serviceName.isBlank()) {
      throw new IllegalArgumentException("serviceName must not be blank");
    }
    this.serviceName = serviceName;
    return this;
  }

  public String getVersion() {
    return version;
  }

  /** {@code service.version} on every segment; {@code null} (default) leaves it out. */
  public XRayExporterOptions setVersion(String version) {
    this.version = version;
    return this;
  }

  public String getRegion() {
    return region;
  }

  /** {@code aws.region} on every segment; {@code null} (default) leaves it out. */
  public XRayExporterOptions setRegion(String region) {
    this.region = region;
    return this;
  }

  public String getOrigin() {
    return origin;
  }

  /**
   * {@code origin} on every segment; {@code null} (default) leaves it out.
   *
   * @throws IllegalArgumentException unless {@code null} or one of {@link #ORIGINS}
   */
  public XRayExporterOptions setOrigin(String origin) {
    if (origin != null && !ORIGINS.contains(origin)) {
      throw new IllegalArgumentException("origin must be one of " + ORIGINS + ", got " + origin);
    }
    this.origin = origin;
    return this;
  }

  public String getDaemonAddress() {
    return daemonAddress;
  }

  /**
   * The daemon's {@code host:port} (or the SDK's {@code tcp:host:port udp:host:port} form);
   * {@code null} for the SDK's default rule, see {@link #DEFAULT_DAEMON_ADDRESS}.
   *
   * @throws IllegalArgumentException if not {@code null} and without a port
   */
  public XRayExporterOptions setDaemonAddress(String daemonAddress) {
    if (daemonAddress != null && !daemonAddress.matches(".*:\\d+\\s*$")) {
      throw new IllegalArgumentException("daemonAddress must end in :port, got " + daemonAddress);
    }
    this.daemonAddress = daemonAddress;
    return this;
  }

  /** @return span-name patterns (Java regex, matched anywhere in the name) not sent to X-Ray */
  public List<String> getBlocklist() {
    return blocklist;
  }

  /** @throws IllegalArgumentException if a pattern does not compile */
  public XRayExporterOptions setBlocklist(List<String> patterns) {
    List<String> checked = new ArrayList<>();
    for (String pattern : patterns) {
      checked.add(compile(pattern).pattern());
    }
    this.blocklist = checked;
    return this;
  }

  /** @throws IllegalArgumentException if the pattern does not compile */
  public XRayExporterOptions addBlocklistPattern(String pattern) {
    blocklist.add(compile(pattern).pattern());
    return this;
  }

  public Consumer<String> getOnExport() {
    return onExport;
  }

  /**
   * Java only (not in JSON): called once per X-Ray trace id ({@code 1-xxxxxxxx-xxx…}) of each batch
   * after its documents were sent, on the exporter's worker thread. An exception it throws is
   * logged and ignored.
   */
  public XRayExporterOptions setOnExport(Consumer<String> onExport) {
    this.onExport = onExport;
    return this;
  }

  private static Pattern compile(String pattern) {
    try {
      return Pattern.compile(pattern);
    } catch (PatternSyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("bad blocklist pattern: " + pattern, e);
    }
  }

  @Override
  public XRayExporterOptions copy() {
    return new XRayExporterOptions(this);
  }

  @Override
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", TYPE).put("serviceName", serviceName);
    if (version != null) {
      json.put("version", version);
    }
    if (region != null) {
      json.put("region", region);
    }
    if (origin != null) {
      json.put("origin", origin);
    }
    if (daemonAddress != null) {
      json.put("daemonAddress", daemonAddress);
    }
    return json.put("blocklist", new JsonArray(new ArrayList<>(blocklist)));
  }
}
