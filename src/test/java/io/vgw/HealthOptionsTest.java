package io.vgw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vgw.impl.ConfigOverrides;
import io.vgw.tracing.impl.UntracedPaths;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthOptionsTest {

  @Test
  void defaults() {
    HealthOptions o = new HealthOptions();
    assertEquals("/healthz", o.getHealthzPath());
    assertEquals("/livez", o.getLivezPath());
    assertEquals("/readyz", o.getReadyzPath());
    assertTrue(o.isWatch());
    assertEquals(5_000, o.getPollIntervalMillis());
    assertEquals(1_000, o.getCheckTimeoutMillis());
    assertEquals(o.toJson(), new GatewayOptions().getHealth().toJson(), "a gateway's default health options");
  }

  @Test
  void readsEveryKeyAndRoundTrips() {
    JsonObject json = new JsonObject().put("healthz", "/h").put("livez", "/l").put("readyz", "/r")
        .put("watch", false).put("pollInterval", "2s").put("checkTimeout", 250);
    HealthOptions o = new HealthOptions(json);
    assertEquals(List.of("/h", "/l", "/r", false, 2000L, 250L), List.of(o.getHealthzPath(), o.getLivezPath(),
        o.getReadyzPath(), o.isWatch(), o.getPollIntervalMillis(), o.getCheckTimeoutMillis()));
    assertEquals(o.toJson(), new HealthOptions(o.toJson()).toJson());
    assertEquals(o.toJson(), new HealthOptions(o).toJson());
    GatewayOptions g = new GatewayOptions(new JsonObject().put("health", json));
    assertEquals(o.toJson(), g.getHealth().toJson());
    assertEquals(o.toJson(), new GatewayOptions(g).getHealth().toJson(), "copied with the gateway's options");
    assertEquals(o.toJson(), g.toJson().getJsonObject("health"));
  }

  @Test
  void flagsSetEachKeyAsText() {
    JsonObject config = new JsonObject();
    ConfigOverrides.set(config, "health.readyz", "/ready");
    ConfigOverrides.set(config, "health.watch", "false");
    ConfigOverrides.set(config, "health.pollInterval", "250ms");
    HealthOptions o = new GatewayOptions(config).getHealth();
    assertEquals("/ready", o.getReadyzPath());
    assertEquals(false, o.isWatch());
    assertEquals(250, o.getPollIntervalMillis());
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "healthz      | healthz                 | health.healthz",
      "livez        | ''                      | health.livez",
      "readyz       | /                       | health.readyz",
      "readyz       | /ready?x=1              | health.readyz",
      "readyz       | /a b                    | health.readyz",
      "healthz      | /h/*                    | health.healthz",
      "watch        | maybe                   | health.watch",
      "pollInterval | 5ms                     | health.pollInterval",
      "pollInterval | soon                    | health.pollInterval",
      "checkTimeout | 0                       | health.checkTimeout",
      "checkTimeout | -1                      | health.checkTimeout",
  })
  void rejectsABadValueNamingItsKey(String key, String value, String wantInMessage) {
    JsonObject json = new JsonObject().put(key, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HealthOptions(json),
        "input " + json.encode());
    assertTrue(e.getMessage().contains(wantInMessage),
        "got \"" + e.getMessage() + "\"; want it to name " + wantInMessage + "; input " + json.encode());
  }

  @Test
  void rejectsANonTextPath() {
    assertThrows(IllegalArgumentException.class, () -> new HealthOptions(new JsonObject().put("livez", 5)));
  }

  @ParameterizedTest(name = "{0} and {1}")
  @CsvSource({
      "healthz, livez",
      "healthz, readyz",
      "livez, readyz",
  })
  void twoEndpointsOnOnePathAreRefusedAtStartUp(String a, String b) {
    GatewayOptions o = new GatewayOptions().setHealth(new HealthOptions(new JsonObject().put(a, "/same").put(b, "/same")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, o::validate);
    assertTrue(e.getMessage().contains("health." + a) && e.getMessage().contains("health." + b),
        "got \"" + e.getMessage() + "\"; want both keys named");
  }

  @Test
  void movedHealthPathsAreNeverTraced() {
    GatewayOptions o = new GatewayOptions().setHealth(new HealthOptions()
        .setHealthzPath("/ops/health").setLivezPath("/ops/live").setReadyzPath("/ops/ready"));
    UntracedPaths untraced = UntracedPaths.of(o);
    for (String path : Set.of("/ops/health", "/ops/live", "/ops/ready", "/healthz", "/livez", "/readyz")) {
      assertTrue(untraced.contains(path), "got " + path + " traced; want untraced");
    }
  }
}
