package io.vgw.transcode.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.AnnotationsProto;
import com.google.api.CustomHttpPattern;
import com.google.api.HttpRule;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start-up: every rule is compiled, or the gateway is refused with the set, the method and the template. */
class RouteTableTest {

  private static RouteTable compile(Map<String, HttpRule> rules) {
    ServiceDescriptorProto.Builder service = ServiceDescriptorProto.newBuilder().setName("Svc");
    rules.forEach((name, rule) -> service.addMethod(MethodDescriptorProto.newBuilder()
        .setName(name).setInputType(".t.v1.Req").setOutputType(".t.v1.Req")
        .setOptions(MethodOptions.newBuilder().setExtension(AnnotationsProto.http, rule))));
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("t/v1/svc.proto").setPackage("t.v1").setSyntax("proto3")
        .addDependency("google/api/annotations.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Sub")
            .addField(field("a", 1, FieldDescriptorProto.Type.TYPE_STRING)))
        .addMessageType(DescriptorProto.newBuilder().setName("Req")
            .addField(field("id", 1, FieldDescriptorProto.Type.TYPE_STRING))
            .addField(field("tags", 2, FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))
            .addField(field("sub", 3, FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".t.v1.Sub")))
        .addService(service)
        .build();
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    for (FileDescriptor dep : new FileDescriptor[] {com.google.protobuf.DescriptorProtos.getDescriptor(),
        com.google.api.HttpProto.getDescriptor(), AnnotationsProto.getDescriptor()}) {
      set.addFile(dep.toProto());
    }
    DescriptorLoader loader = new DescriptorLoader().add("test.desc", set.addFile(file).build().toByteArray());
    return RouteTable.compile(loader.build(), loader);
  }

  private static FieldDescriptorProto.Builder field(String name, int number, FieldDescriptorProto.Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type);
  }

  private static Map<String, HttpRule> rules(Object... nameAndRule) {
    Map<String, HttpRule> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndRule.length; i += 2) {
      m.put((String) nameAndRule[i], (HttpRule) nameAndRule[i + 1]);
    }
    return m;
  }

  private static HttpRule get(String template) {
    return HttpRule.newBuilder().setGet(template).build();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "/v1/{id             | unbalanced",
      "/v1/id}             | unexpected '}'",
      "/v1/**/x/**         | more than one '**'",
      "/v1/{id={sub}}      | variable inside a variable",
      "/v1//{id}           | empty segment",
      "/v1/{nope}          | no field 'nope'",
      "/v1/{tags}          | must be a singular scalar",
      "/v1/{sub}           | must be a singular scalar",
      "/v1/{sub.nope}      | no field 'sub.nope'"})
  void invalidTemplateNamesSetMethodAndTemplate(String template, String mentions) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> compile(rules("Get", get(template))));
    for (String m : new String[] {"test.desc", "t.v1.Svc.Get", template, mentions}) {
      assertTrue(e.getMessage().contains(m), "got " + e.getMessage() + "; want mention of " + m + "; input " + template);
    }
  }

  @Test
  void twoMethodsWithTheSameTemplateAreAConflict() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> compile(rules("A", get("/v1/things/{id}"), "B", get("/v1/things/{sub.a}"))));
    assertTrue(e.getMessage().contains("t.v1.Svc.A") && e.getMessage().contains("t.v1.Svc.B")
        && e.getMessage().contains("/v1/things/{id}") && e.getMessage().contains("/v1/things/{sub.a}"), e.getMessage());
  }

  @Test
  void anAdditionalBindingLikeItsOwnRuleIsAConflict() {
    HttpRule rule = get("/v1/x/{id}").toBuilder().addAdditionalBindings(get("/v1/x/{sub.a}")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compile(rules("A", rule)));
    assertTrue(e.getMessage().contains("conflicting templates"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "body nope           | body: no field 'nope'",
      "response_body nope  | response_body: no field 'nope'",
      "no pattern          | has no pattern",
      "custom without kind | custom HttpRule without a kind"})
  void badBodyOrPatternIsRefused(String what, String mentions) {
    HttpRule rule = switch (what) {
      case "body nope" -> HttpRule.newBuilder().setPost("/v1/x").setBody("nope").build();
      case "response_body nope" -> HttpRule.newBuilder().setGet("/v1/x").setResponseBody("nope").build();
      case "no pattern" -> HttpRule.newBuilder().setBody("*").build();
      default -> HttpRule.newBuilder().setCustom(CustomHttpPattern.newBuilder().setPath("/v1/x")).build();
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> compile(rules("M", rule)));
    assertTrue(e.getMessage().contains(mentions) && e.getMessage().contains("t.v1.Svc.M"),
        "got " + e.getMessage() + "; want " + mentions + "; input " + what);
  }

  @Test
  void additionalBindingsNestedInAdditionalBindingsAreRefused() {
    HttpRule nested = get("/v1/nested/{id}").toBuilder().addAdditionalBindings(get("/v1/deeper/{id}")).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> compile(rules("Get", get("/v1/r/{id}").toBuilder().addAdditionalBindings(nested).build())));
    assertTrue(e.getMessage().contains("t.v1.Svc.Get") && e.getMessage().contains("additional_bindings inside"),
        e.getMessage());
  }

  @Test
  void everyPatternAndEveryAdditionalBindingBecomesARoute() {
    RouteTable table = compile(rules(
        "Get", get("/v1/r/{id}").toBuilder()
            .addAdditionalBindings(HttpRule.newBuilder().setPost("/v1/r").setBody("*"))
            .addAdditionalBindings(get("/v1/nested/{id}")).build(),
        "Put", HttpRule.newBuilder().setPut("/v1/r/{id}").setBody("sub").build(),
        "Delete", HttpRule.newBuilder().setDelete("/v1/r/{id}").build(),
        "Patch", HttpRule.newBuilder().setPatch("/v1/r/{id}").setBody("*").setResponseBody("sub").build(),
        "Head", HttpRule.newBuilder().setCustom(CustomHttpPattern.newBuilder().setKind("head").setPath("/v1/r/{id}")).build(),
        "Any", HttpRule.newBuilder().setCustom(CustomHttpPattern.newBuilder().setKind("*").setPath("/v1/any")).build()));
    String routes = table.routes().stream().map(r -> r.displayName() + " -> " + r.method().getName())
        .collect(Collectors.joining("; "));
    assertEquals("GET /v1/r/{id} -> Get; POST /v1/r -> Get; GET /v1/nested/{id} -> Get; PUT /v1/r/{id} -> Put; "
        + "DELETE /v1/r/{id} -> Delete; PATCH /v1/r/{id} -> Patch; HEAD /v1/r/{id} -> Head; * /v1/any -> Any", routes);
    assertEquals("Any", table.match("OPTIONS", "/v1/any").route().method().getName());
    assertEquals("sub", table.match("PATCH", "/v1/r/1").route().responseField().getName());
    assertEquals("sub", table.match("PUT", "/v1/r/1").route().bodyField().getName());
  }
}
