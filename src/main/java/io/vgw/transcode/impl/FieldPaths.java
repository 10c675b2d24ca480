package io.vgw.transcode.impl;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;

/** Dotted field paths ({@code a.b.c}) through singular message fields, by proto or JSON name. */
final class FieldPaths {

  private FieldPaths() {
  }

  /** The field at the end of the path, or null when a part does not exist or is not traversable. */
  static FieldDescriptor resolve(Descriptor root, List<String> path) {
    Descriptor current = root;
    FieldDescriptor field = null;
    for (int i = 0; i < path.size(); i++) {
      if (current == null) {
        return null;
      }
      field = find(current, path.get(i));
      if (field == null) {
        return null;
      }
      boolean last = i == path.size() - 1;
      if (!last) {
        if (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
          return null;
        }
        current = field.getMessageType();
      }
    }
    return field;
  }

  /**
   * Every field along the path, or null when it does not resolve (as {@link #resolve}). Two paths
   * that name the same fields, by proto or JSON names, give equal lists.
   */
  static List<FieldDescriptor> resolveAll(Descriptor root, List<String> path) {
    List<FieldDescriptor> out = new java.util.ArrayList<>(path.size());
    Descriptor current = root;
    for (int i = 0; i < path.size(); i++) {
      FieldDescriptor field = current == null ? null : find(current, path.get(i));
      if (field == null) {
        return null;
      }
      out.add(field);
      boolean last = i == path.size() - 1;
      if (!last) {
        if (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
          return null;
        }
        current = field.getMessageType();
      }
    }
    return out;
  }

  static FieldDescriptor find(Descriptor type, String name) {
    FieldDescriptor f = type.findFieldByName(name);
    if (f != null) {
      return f;
    }
    for (FieldDescriptor candidate : type.getFields()) {
      if (candidate.getJsonName().equals(name)) {
        return candidate;
      }
    }
    return null;
  }
}
