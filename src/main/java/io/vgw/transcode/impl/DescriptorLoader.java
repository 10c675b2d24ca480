package io.vgw.transcode.impl;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns serialized {@code FileDescriptorSet}s ({@code protoc --include_imports --descriptor_set_out})
 * into linked {@link FileDescriptor}s. Pure: the caller reads the bytes.
 *
 * <p>The sets are parsed with {@code google.api.http} registered, or that option would stay an
 * unknown field. Files that several sets share (google/api/annotations.proto, …) are built once.
 */
public final class DescriptorLoader {

  private static final ExtensionRegistry REGISTRY = newRegistry();

  private final Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
  private final Map<String, String> sourceOf = new HashMap<>();
  private final Map<String, FileDescriptor> built = new HashMap<>();

  private static ExtensionRegistry newRegistry() {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    AnnotationsProto.registerAllExtensions(registry);
    return registry;
  }

  /**
   * Adds one descriptor set.
   *
   * @param source names the set in error messages (its file name)
   * @throws IllegalArgumentException when the bytes are not a descriptor set
   */
  public DescriptorLoader add(String source, byte[] bytes) {
    FileDescriptorSet set;
    try {
      set = FileDescriptorSet.parseFrom(bytes, REGISTRY);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(source + ": not a protobuf FileDescriptorSet (" + e.getMessage() + ")");
    }
    if (set.getFileCount() == 0) {
      throw new IllegalArgumentException(source + ": the descriptor set holds no file");
    }
    for (FileDescriptorProto file : set.getFileList()) {
      if (protos.putIfAbsent(file.getName(), file) == null) {
        sourceOf.put(file.getName(), source);
      }
    }
    return this;
  }

  /** The descriptor set a file came from, for error messages. */
  public String sourceOf(FileDescriptor file) {
    return sourceOf.getOrDefault(file.getName(), file.getName());
  }

  /**
   * Links every file added so far.
   *
   * @throws IllegalArgumentException naming the set and the file when an import is missing (the
   *     set was written without {@code --include_imports}) or a file does not link
   */
  public List<FileDescriptor> build() {
    List<FileDescriptor> out = new ArrayList<>();
    for (String name : protos.keySet()) {
      out.add(build(name, new ArrayList<>()));
    }
    return out;
  }

  private FileDescriptor build(String name, List<String> stack) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (stack.contains(name)) {
      throw new IllegalArgumentException(sourceOf.get(stack.get(0)) + ": import cycle through " + name);
    }
    stack.add(name);
    FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < deps.length; i++) {
      String dep = proto.getDependency(i);
      if (!protos.containsKey(dep)) {
        throw new IllegalArgumentException(sourceOf.get(name) + ": " + name + " imports " + dep
            + ", which no descriptor set contains (write sets with protoc --include_imports)");
      }
      deps[i] = build(dep, stack);
    }
    stack.remove(stack.size() - 1);
    try {
      FileDescriptor fd = FileDescriptor.buildFrom(proto, deps);
      built.put(name, fd);
      return fd;
    } catch (DescriptorValidationException e) {
      throw new IllegalArgumentException(sourceOf.get(name) + ": " + name + " is invalid: " + e.getMessage());
    }
  }
}
