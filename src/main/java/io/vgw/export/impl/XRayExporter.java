package io.vgw.export.impl;

import com.amazonaws.xray.config.DaemonConfiguration;
import io.opencensus.trace.export.SpanData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vgw.export.XRayExporterOptions;
import io.vgw.export.spi.SpanExporter;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Sends spans to the AWS X-Ray daemon over UDP.
 *
 * <p>The documents are written here ({@link XRayDocuments}) rather than through the SDK's {@code
 * Segment} entities and {@code UDPEmitter}: the entities need a recorder whose context is
 * thread-local (wrong on Vert.x), silently replace a trace id they cannot parse with a random one,
 * and the emitter reports a too-big document only as {@code false}, so it could not be split. The
 * SDK still decides the daemon address ({@link DaemonConfiguration}: {@code
 * AWS_XRAY_DAEMON_ADDRESS}, its system property, {@code 127.0.0.1:2000}) and the wire format is
 * the emitter's: header line + one document per datagram.
 *
 * <p>Runs on its lane's single worker thread: a blocking {@code DatagramSocket} is fine there.
 */
final class XRayExporter implements SpanExporter {

  private static final Logger LOG = System.getLogger(XRayExporter.class.getName());

  private final XRayExporterOptions options;
  private final List<Pattern> blocklist = new ArrayList<>();
  private final XRayDocuments documents;
  // guarded by: the lane's single thread (start/export/close never overlap)
  private DatagramSocket socket;
  private InetSocketAddress daemon;

  XRayExporter(XRayExporterOptions options) {
    this.options = options.copy();
    options.getBlocklist().forEach(pattern -> blocklist.add(Pattern.compile(pattern)));
    this.documents = new XRayDocuments(new XRaySegmentMapper(this.options), XRayDocuments.MAX_DATAGRAM);
  }

  @Override
  public String name() {
    return "xray";
  }

  @Override
  public Future<Void> start(Vertx vertx) {
    DaemonConfiguration config = new DaemonConfiguration();
    // An address in vgw's options wins over the environment: setDaemonAddress would ignore it
    // when AWS_XRAY_DAEMON_ADDRESS is set, setUDPAndTCPAddress does not.
    if (options.getDaemonAddress() != null
        && !config.setUDPAndTCPAddress(options.getDaemonAddress())) {
      return Future.failedFuture(
          new IllegalArgumentException("bad X-Ray daemonAddress: " + options.getDaemonAddress()));
    }
    daemon = config.getAddressForEmitter();
    try {
      socket = new DatagramSocket();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    LOG.log(Level.INFO, "X-Ray exporter sends to the daemon at " + daemon);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> export(List<SpanData> spans) {
    List<SpanData> allowed = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      if (!blocked(span.getName())) {
        allowed.add(span);
      }
    }
    XRayDocuments.Batch batch = documents.build(allowed);
    int failed = batch.unsendable();
    IOException firstError = null;
    for (byte[] datagram : batch.datagrams()) {
      try {
        socket.send(new DatagramPacket(datagram, datagram.length, daemon));
      } catch (IOException e) {
        failed++;
        firstError = firstError == null ? e : firstError;
      }
    }
    notifyExported(batch);
    if (failed > 0) {
      return Future.failedFuture(
          new IOException(
              failed
                  + " of "
                  + (batch.datagrams().size() + batch.unsendable())
                  + " X-Ray documents not sent ("
                  + batch.unsendable()
                  + " too big even alone)",
              firstError));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> close() {
    if (socket != null) {
      socket.close();
    }
    return Future.succeededFuture();
  }

  private boolean blocked(String name) {
    for (Pattern pattern : blocklist) {
      if (pattern.matcher(name).find()) { // anywhere in the name, like Go's regexp.MatchString
        return true;
      }
    }
    return false;
  }

  private void notifyExported(XRayDocuments.Batch batch) {
    Consumer<String> onExport = options.getOnExport();
    if (onExport == null) {
      return;
    }
    for (String traceId : batch.traceIds()) {
      try {
        onExport.accept(traceId);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "X-Ray onExport callback failed for " + traceId, e);
      }
    }
  }
}
