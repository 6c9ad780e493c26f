package io.raylog.sink.testing;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TimestampProto;

/**
 * Loki's {@code pkg/push/push.proto} (package logproto) as a protobuf schema, built field by field from the
 * published .proto, so that tests decode what a sink sends the way Loki does, independently of the sink's encoder.
 */
public final class LokiPushSchema {
  public static final Descriptors.Descriptor PUSH_REQUEST;

  static {
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("pkg/push/push.proto")
        .setPackage("logproto")
        .setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("PushRequest")
            .addField(field("streams", 1, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".logproto.StreamAdapter")))
        .addMessageType(DescriptorProto.newBuilder().setName("StreamAdapter")
            .addField(field("labels", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
            .addField(field("entries", 2, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".logproto.EntryAdapter"))
            .addField(field("hash", 3, Type.TYPE_UINT64, Label.LABEL_OPTIONAL, null)))
        .addMessageType(DescriptorProto.newBuilder().setName("EntryAdapter")
            .addField(field("timestamp", 1, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, ".google.protobuf.Timestamp"))
            .addField(field("line", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
            .addField(field("structuredMetadata", 3, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".logproto.LabelPairAdapter")))
        .addMessageType(DescriptorProto.newBuilder().setName("LabelPairAdapter")
            .addField(field("name", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
            .addField(field("value", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null)))
        .build();
    try {
      PUSH_REQUEST = Descriptors.FileDescriptor
          .buildFrom(file, new Descriptors.FileDescriptor[] {TimestampProto.getDescriptor()})
          .findMessageTypeByName("PushRequest");
    } catch (Descriptors.DescriptorValidationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private LokiPushSchema() {}

  public static DynamicMessage parse(byte[] uncompressed) throws InvalidProtocolBufferException {
    DynamicMessage message = DynamicMessage.parseFrom(PUSH_REQUEST, uncompressed);
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw new InvalidProtocolBufferException("fields outside push.proto: " + message.getUnknownFields());
    }
    return message;
  }

  private static FieldDescriptorProto field(String name, int number, Type type, Label label, String typeName) {
    FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
        .setName(name).setNumber(number).setType(type).setLabel(label);
    if (typeName != null) {
      field.setTypeName(typeName);
    }
    return field.build();
  }
}
