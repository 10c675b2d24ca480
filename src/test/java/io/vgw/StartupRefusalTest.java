package io.vgw;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A gateway that cannot read its descriptors or rules refuses to start, with one clear line. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class StartupRefusalTest {

  @TempDir
  Path dir;

  private void assertRefused(Vertx vertx, VertxTestContext ctx, String descriptor, String... mentions) {
    GatewayOptions options = new GatewayOptions().setHttpHost("127.0.0.1").setHttpPort(0).setInstances(1).setAdmin(new AdminOptions().setPort(0))
        .addDescriptor(descriptor).addBackend(new BackendOptions().setAddress("127.0.0.1:1"));
    Gateway.deploy(vertx, options).onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertTrue(err instanceof IllegalArgumentException, String.valueOf(err));
      for (String m : mentions) {
        assertTrue(err.getMessage().contains(m), "got " + err.getMessage() + "; want mention of " + m);
      }
      assertTrue(!err.getMessage().contains("\n"), "one line: " + err.getMessage());
      assertTrue(vertx.deploymentIDs().isEmpty(), "nothing stays deployed");
      ctx.completeNow();
    })));
  }

  @Test
  void missingDescriptorFile(Vertx vertx, VertxTestContext ctx) {
    String missing = dir.resolve("nope.desc").toString();
    assertRefused(vertx, ctx, missing, missing, "no such file");
  }

  @Test
  void corruptDescriptorFile(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path bad = dir.resolve("corrupt.desc");
    Files.write(bad, new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
    assertRefused(vertx, ctx, bad.toString(), bad.toString(), "not a protobuf FileDescriptorSet");
  }

  @Test
  void descriptorWithoutImports(Vertx vertx, VertxTestContext ctx) throws Exception {
    FileDescriptorSet set = FileDescriptorSet.newBuilder().addFile(FileDescriptorProto.newBuilder()
        .setName("x.proto").setSyntax("proto3").addDependency("google/api/annotations.proto")).build();
    Path file = dir.resolve("noimports.desc");
    Files.write(file, set.toByteArray());
    assertRefused(vertx, ctx, file.toString(), file.toString(), "google/api/annotations.proto", "--include_imports");
  }

  @Test
  void unparsableRuleNamesFileAndMethod(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = dir.resolve("badrule.desc");
    Files.write(file, setWithRule("/v1/{id").toByteArray());
    assertRefused(vertx, ctx, file.toString(), file.toString(), "t.v1.Svc.Get", "/v1/{id");
  }

  @Test
  void ruleNamingAMissingField(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = dir.resolve("nofield.desc");
    Files.write(file, setWithRule("/v1/{nope}").toByteArray());
    assertRefused(vertx, ctx, file.toString(), "t.v1.Svc.Get", "nope");
  }

  /** A one-service set (plus the google/api imports, from the classes on the class path). */
  private static FileDescriptorSet setWithRule(String getTemplate) {
    MethodOptions options = MethodOptions.newBuilder()
        .setExtension(AnnotationsProto.http, HttpRule.newBuilder().setGet(getTemplate).build()).build();
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("t/v1/svc.proto").setPackage("t.v1").setSyntax("proto3")
        .addDependency("google/api/annotations.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Req").addField(FieldDescriptorProto.newBuilder()
            .setName("id").setNumber(1).setType(FieldDescriptorProto.Type.TYPE_STRING)))
        .addService(ServiceDescriptorProto.newBuilder().setName("Svc").addMethod(MethodDescriptorProto.newBuilder()
            .setName("Get").setInputType(".t.v1.Req").setOutputType(".t.v1.Req").setOptions(options)))
        .build();
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    for (com.google.protobuf.Descriptors.FileDescriptor dep : new com.google.protobuf.Descriptors.FileDescriptor[] {
        com.google.protobuf.DescriptorProtos.getDescriptor(),
        com.google.api.HttpProto.getDescriptor(),
        AnnotationsProto.getDescriptor()}) {
      set.addFile(dep.toProto());
    }
    return set.addFile(file).build();
  }
}
