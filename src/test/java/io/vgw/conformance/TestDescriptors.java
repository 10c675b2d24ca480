package io.vgw.conformance;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Descriptor sets written from compiled proto classes, as {@code protoc --include_imports} would
 * write them: so that each test proto can be served by a gateway of its own (the http.proto
 * examples are alternatives; in one gateway their rules would conflict).
 */
final class TestDescriptors {

  private TestDescriptors() {
  }

  /** Writes {@code roots} and everything they import to {@code dir/name}; returns the file's path. */
  static String write(Path dir, String name, FileDescriptor... roots) {
    Map<String, FileDescriptor> ordered = new LinkedHashMap<>();
    for (FileDescriptor root : roots) {
      collect(root, ordered);
    }
    FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
    ordered.values().forEach(f -> set.addFile(f.toProto()));
    Path file = dir.resolve(name);
    try {
      Files.write(file, set.build().toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file, e);
    }
    return file.toString();
  }

  /** Imports first, each file once. */
  private static void collect(FileDescriptor file, Map<String, FileDescriptor> out) {
    if (out.containsKey(file.getName())) {
      return;
    }
    for (FileDescriptor dep : file.getDependencies()) {
      collect(dep, out);
    }
    out.put(file.getName(), file);
  }
}
