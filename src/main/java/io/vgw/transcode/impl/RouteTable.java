package io.vgw.transcode.impl;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.TypeRegistry;
import com.google.rpc.ErrorDetailsProto;
import com.google.rpc.Status;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Every HTTP route of a set of proto files, compiled once at start-up from their
 * {@code google.api.http} rules, and the type registry the JSON mapping needs. Immutable after
 * {@link #compile}; shared by all gateway verticle instances.
 */
public final class RouteTable {

  private final PathMatcher<HttpRoute> matcher;
  private final List<HttpRoute> routes;
  private final List<ServiceDescriptor> services;
  private final TypeRegistry typeRegistry;

  private RouteTable(PathMatcher<HttpRoute> matcher, List<HttpRoute> routes, List<ServiceDescriptor> services,
      TypeRegistry typeRegistry) {
    this.matcher = matcher;
    this.routes = Collections.unmodifiableList(routes);
    this.services = Collections.unmodifiableList(services);
    this.typeRegistry = typeRegistry;
  }

  /**
   * Compiles the rules of every service in {@code files}.
   *
   * @throws IllegalArgumentException with the descriptor set, the method and the template when a
   *     rule cannot be parsed, names a field that does not exist, or conflicts with another
   */
  public static RouteTable compile(List<FileDescriptor> files, DescriptorLoader sources) {
    PathMatcher<HttpRoute> matcher = new PathMatcher<>();
    List<HttpRoute> routes = new ArrayList<>();
    List<ServiceDescriptor> services = new ArrayList<>();
    // The google.rpc error details are always known, so error bodies can print them as JSON.
    TypeRegistry.Builder types = TypeRegistry.newBuilder()
        .add(ErrorDetailsProto.getDescriptor().getMessageTypes())
        .add(Status.getDescriptor());
    for (FileDescriptor file : files) {
      for (Descriptor message : file.getMessageTypes()) {
        types.add(message);
      }
      for (ServiceDescriptor service : file.getServices()) {
        services.add(service);
        for (MethodDescriptor method : service.getMethods()) {
          if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
            continue;
          }
          HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
          List<HttpRule> bindings = new ArrayList<>();
          bindings.add(rule);
          for (HttpRule additional : rule.getAdditionalBindingsList()) {
            if (additional.getAdditionalBindingsCount() > 0) {
              // http.proto: nesting is one level deep only; grpc-gateway's generator refuses it too.
              throw new IllegalArgumentException(sources.sourceOf(file) + ": method " + method.getFullName()
                  + ": additional_bindings inside additional_bindings are not allowed (http.proto)");
            }
            bindings.add(additional);
          }
          for (HttpRule binding : bindings) {
            String where = sources.sourceOf(file) + ": method " + method.getFullName();
            try {
              HttpRoute route = toRoute(binding, method);
              matcher.add(route.httpMethod(), route.template(), route);
              routes.add(route);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
          }
        }
      }
    }
    return new RouteTable(matcher, routes, services, types.build());
  }

  private static HttpRoute toRoute(HttpRule rule, MethodDescriptor method) {
    String verb;
    String path;
    switch (rule.getPatternCase()) {
      case GET -> { verb = "GET"; path = rule.getGet(); }
      case PUT -> { verb = "PUT"; path = rule.getPut(); }
      case POST -> { verb = "POST"; path = rule.getPost(); }
      case DELETE -> { verb = "DELETE"; path = rule.getDelete(); }
      case PATCH -> { verb = "PATCH"; path = rule.getPatch(); }
      case CUSTOM -> {
        verb = rule.getCustom().getKind().toUpperCase(Locale.ROOT);
        path = rule.getCustom().getPath();
      }
      default -> throw new IllegalArgumentException("HttpRule has no pattern (get, put, post, delete, patch or custom)");
    }
    if (verb.isEmpty()) {
      throw new IllegalArgumentException("custom HttpRule without a kind");
    }
    PathTemplate template = PathTemplate.parse(path);
    Descriptor input = method.getInputType();
    for (PathTemplate.Variable v : template.variables()) {
      FieldDescriptor f = FieldPaths.resolve(input, v.fieldPath());
      if (f == null) {
        throw new IllegalArgumentException("template " + path + ": no field '" + v.fieldPathString()
            + "' in " + input.getFullName());
      }
      if (f.isRepeated() || f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        throw new IllegalArgumentException("template " + path + ": field '" + v.fieldPathString()
            + "' must be a singular scalar to be bound from the path");
      }
    }
    String body = rule.getBody();
    FieldDescriptor bodyField = null;
    if (!body.isEmpty() && !body.equals("*")) {
      bodyField = input.findFieldByName(body);
      if (bodyField == null) {
        throw new IllegalArgumentException("body: no field '" + body + "' in " + input.getFullName());
      }
    }
    FieldDescriptor responseField = null;
    if (!rule.getResponseBody().isEmpty()) {
      responseField = method.getOutputType().findFieldByName(rule.getResponseBody());
      if (responseField == null) {
        throw new IllegalArgumentException("response_body: no field '" + rule.getResponseBody() + "' in "
            + method.getOutputType().getFullName());
      }
    }
    return new HttpRoute(verb, template, method, body.isEmpty() ? null : body, bodyField, responseField);
  }

  public PathMatcher.Result<HttpRoute> match(String httpMethod, String rawPath) {
    return matcher.match(httpMethod, rawPath);
  }

  public List<HttpRoute> routes() {
    return routes;
  }

  /** Every service of the files, with or without HTTP rules. */
  public List<ServiceDescriptor> services() {
    return services;
  }

  public TypeRegistry typeRegistry() {
    return typeRegistry;
  }
}
