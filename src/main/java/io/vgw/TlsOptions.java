package io.vgw;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.net.TCPSSLOptions;

/**
 * TLS for the HTTP listener or for one backend. Key material as PEM ({@code certPath} +
 * {@code keyPath}) or PKCS#12 ({@code keyStorePath} + {@code keyStorePassword}); trust as a PEM CA
 * ({@code caPath}), else the JVM's system trust store.
 *
 * <ul>
 *   <li>listener: {@code "http": {"tls": {"certPath": "server.crt", "keyPath": "server.key"}}} —
 *       HTTP/2 is negotiated with ALPN;</li>
 *   <li>backend, system trust: {@code {"enabled": true}}; with a private CA: {@code {"caPath": "ca.pem"}};
 *       mutual TLS: add the client's {@code certPath}/{@code keyPath}.</li>
 * </ul>
 */
public class TlsOptions {

  /** Backends: check that the certificate names the host we connect to. */
  public static final boolean DEFAULT_VERIFY_HOST = true;

  private boolean enabled;
  private String certPath;
  private String keyPath;
  private String keyStorePath;
  private String keyStorePassword;
  private String caPath;
  private boolean verifyHost = DEFAULT_VERIFY_HOST;

  public TlsOptions() {
  }

  public TlsOptions(TlsOptions other) {
    this(other.toJson());
  }

  /** TLS is on when {@code enabled} is true or any key or trust material is given. */
  public TlsOptions(JsonObject json) {
    certPath = json.getString("certPath");
    keyPath = json.getString("keyPath");
    keyStorePath = json.getString("keyStorePath");
    keyStorePassword = json.getString("keyStorePassword");
    caPath = json.getString("caPath");
    verifyHost = json.getBoolean("verifyHost", DEFAULT_VERIFY_HOST);
    enabled = json.getBoolean("enabled", certPath != null || keyStorePath != null || caPath != null);
    validate();
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("enabled", enabled).put("verifyHost", verifyHost);
    putIfSet(j, "certPath", certPath);
    putIfSet(j, "keyPath", keyPath);
    putIfSet(j, "keyStorePath", keyStorePath);
    putIfSet(j, "keyStorePassword", keyStorePassword);
    putIfSet(j, "caPath", caPath);
    return j;
  }

  private static void putIfSet(JsonObject j, String key, String value) {
    if (value != null) {
      j.put(key, value);
    }
  }

  /** @throws IllegalArgumentException when a PEM certificate comes without its key, or both forms are given */
  public void validate() {
    if ((certPath == null) != (keyPath == null)) {
      throw new IllegalArgumentException("tls: certPath and keyPath go together");
    }
    if (certPath != null && keyStorePath != null) {
      throw new IllegalArgumentException("tls: give certPath/keyPath (PEM) or keyStorePath (PKCS#12), not both");
    }
  }

  public boolean hasKeyMaterial() {
    return certPath != null || keyStorePath != null;
  }

  /** Applies these options to Vert.x server or client options. */
  public <T extends TCPSSLOptions> T applyTo(T options) {
    if (!enabled) {
      return options;
    }
    options.setSsl(true);
    if (certPath != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath));
    } else if (keyStorePath != null) {
      options.setKeyCertOptions(new PfxOptions().setPath(keyStorePath).setPassword(keyStorePassword));
    }
    if (caPath != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(caPath));
    }
    return options;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public TlsOptions setEnabled(boolean enabled) {
    this.enabled = enabled;
    return this;
  }

  public String getCertPath() {
    return certPath;
  }

  public TlsOptions setCertPath(String certPath) {
    this.certPath = certPath;
    this.enabled |= certPath != null;
    return this;
  }

  public String getKeyPath() {
    return keyPath;
  }

  public TlsOptions setKeyPath(String keyPath) {
    this.keyPath = keyPath;
    return this;
  }

  public String getKeyStorePath() {
    return keyStorePath;
  }

  public TlsOptions setKeyStorePath(String keyStorePath) {
    this.keyStorePath = keyStorePath;
    this.enabled |= keyStorePath != null;
    return this;
  }

  public String getKeyStorePassword() {
    return keyStorePassword;
  }

  public TlsOptions setKeyStorePassword(String keyStorePassword) {
    this.keyStorePassword = keyStorePassword;
    return this;
  }

  public String getCaPath() {
    return caPath;
  }

  public TlsOptions setCaPath(String caPath) {
    this.caPath = caPath;
    this.enabled |= caPath != null;
    return this;
  }

  public boolean isVerifyHost() {
    return verifyHost;
  }

  public TlsOptions setVerifyHost(boolean verifyHost) {
    this.verifyHost = verifyHost;
    return this;
  }
}
