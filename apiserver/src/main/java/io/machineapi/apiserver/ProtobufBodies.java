package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Request bodies in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf}, what kubectl's
 * typed commands such as {@code kubectl create secret} and {@code kubectl auth can-i} post), turned into the
 * object's Kubernetes JSON form. The envelope is the four bytes {@code k8s\0} and a {@code runtime.Unknown} whose
 * {@code typeMeta} names apiVersion and kind and whose {@code raw} is the object's message; the message is decoded
 * with the descriptors of {@code io.kubernetes:client-java-proto} and protobuf-java, then converted field by field
 * with the JSON forms of apimachinery's special types: Time and MicroTime as RFC 3339 strings, Quantity as its
 * string, IntOrString as a number or string, RawExtension and FieldsV1 as the JSON they carry, Duration as Go
 * prints it; bytes as base64 (Secret data), maps as objects. Zero-valued strings and empty lists are left out, as
 * Go's {@code omitempty} does; numbers and booleans are kept as sent (a pointer field set to 0 or false means it).
 */
final class ProtobufBodies {

  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";
  private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
      .withZone(ZoneOffset.UTC);

  /**
   * The proto files by the short name of their API group ({@code core}, {@code apps}, {@code rbac}) and version,
   * loaded on first use (building the descriptors takes about a second on a cold JVM).
   */
  private static final Map<String, Supplier<FileDescriptor>> FILES = Map.ofEntries(
      Map.entry("core/v1", V1::getDescriptor), Map.entry("apps/v1", V1Apps::getDescriptor),
      Map.entry("authorization/v1", V1Authorization::getDescriptor),
      Map.entry("authentication/v1", V1Authentication::getDescriptor),
      Map.entry("autoscaling/v1", V1Autoscaling::getDescriptor), Map.entry("batch/v1", V1Batch::getDescriptor),
      Map.entry("certificates/v1", V1Certificates::getDescriptor),
      Map.entry("networking/v1", V1Networking::getDescriptor), Map.entry("policy/v1", V1Policy::getDescriptor),
      Map.entry("rbac/v1", V1Rbac::getDescriptor), Map.entry("scheduling/v1", V1Scheduling::getDescriptor),
      Map.entry("storage/v1", V1Storage::getDescriptor),
      Map.entry("admissionregistration/v1", V1Admissionregistration::getDescriptor));

  private ProtobufBodies() {
  }

  /** Whether a request's media type (without parameters) is Kubernetes' protobuf. */
  static boolean isProtobuf(String mediaType) {
    return mediaType.equals(MEDIA_TYPE);
  }

  /** The JSON form of a protobuf request body; 415 when its kind has no known message, 400 when it is malformed. */
  static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new ApiException(Statuses.badRequest("protobuf body without the k8s\\x00 prefix"));
    }
    Runtime.Unknown unknown;
    try {
      unknown = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw new ApiException(Statuses.badRequest("invalid protobuf envelope: " + e.getMessage()));
    }
    String apiVersion = unknown.getTypeMeta().getApiVersion();
    String kind = unknown.getTypeMeta().getKind();
    if (!unknown.getContentEncoding().isEmpty()) {
      throw new ApiException(Statuses.unsupportedMediaType(MEDIA_TYPE + " with content encoding "
          + unknown.getContentEncoding()));
    }
    Descriptor descriptor = descriptor(apiVersion, kind);
    if (descriptor == null) {
      throw new ApiException(Statuses.unsupportedMediaType(MEDIA_TYPE + " for " + apiVersion + " " + kind
          + " (no protobuf message known; send application/json)"));
    }
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(descriptor, unknown.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw new ApiException(Statuses.badRequest("invalid protobuf " + kind + ": " + e.getMessage()));
    }
    ObjectNode json = Store.JSON.createObjectNode();
    json.put("apiVersion", apiVersion).put("kind", kind);
    json.setAll(toJson(message));
    return json;
  }

  /** The message of {@code kind} in {@code apiVersion}'s proto file (core: {@code k8s.io/api/core/v1}). */
  private static Descriptor descriptor(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
    int dot = group.indexOf('.');
    Supplier<FileDescriptor> file = FILES.get((dot < 0 ? group : group.substring(0, dot)) + "/"
        + apiVersion.substring(slash + 1));
    Descriptor own = file == null ? null : file.get().findMessageTypeByName(kind);
    // Options kinds (DeleteOptions) are meta/v1 messages posted under every group.
    return own != null ? own : Meta.getDescriptor().findMessageTypeByName(kind);
  }

  private static ObjectNode toJson(Message message) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw new ApiException(Statuses.unsupportedMediaType(MEDIA_TYPE + ": " + message.getDescriptorForType()
          .getFullName() + " has fields " + message.getUnknownFields().asMap().keySet()
          + " this server's protobuf model does not know; send application/json"));
    }
    ObjectNode object = Store.JSON.createObjectNode();
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      JsonNode value;
      if (field.isMapField()) {
        ObjectNode map = Store.JSON.createObjectNode();
        for (Object item : (List<?>) entry.getValue()) {
          Message pair = (Message) item;
          FieldDescriptor keyField = pair.getDescriptorForType().findFieldByName("key");
          FieldDescriptor valueField = pair.getDescriptorForType().findFieldByName("value");
          map.set(String.valueOf(pair.getField(keyField)), value(valueField, pair.getField(valueField)));
        }
        value = map;
      } else if (field.isRepeated()) {
        ArrayNode array = Store.JSON.createArrayNode();
        ((List<?>) entry.getValue()).forEach(item -> array.add(value(field, item)));
        value = array.isEmpty() ? null : array;
      } else {
        value = value(field, entry.getValue());
      }
      if (value != null && !value.isMissingNode() && !(value.isTextual() && value.asText().isEmpty())) {
        object.set(field.getName(), value);
      }
    }
    return object;
  }

  /** One value's JSON form; null when it is absent in JSON (a zero Time). */
  private static JsonNode value(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case MESSAGE -> special((Message) value);
      case BYTE_STRING -> Store.JSON.getNodeFactory().textNode(Base64.getEncoder()
          .encodeToString(((ByteString) value).toByteArray()));
      case STRING -> Store.JSON.getNodeFactory().textNode((String) value);
      case BOOLEAN -> Store.JSON.getNodeFactory().booleanNode((Boolean) value);
      case INT -> Store.JSON.getNodeFactory().numberNode((Integer) value);
      case LONG -> Store.JSON.getNodeFactory().numberNode((Long) value);
      case FLOAT -> Store.JSON.getNodeFactory().numberNode((Float) value);
      case DOUBLE -> Store.JSON.getNodeFactory().numberNode((Double) value);
      case ENUM -> Store.JSON.getNodeFactory().textNode(String.valueOf(value));
    };
  }

  /** apimachinery's types with a JSON form of their own; other messages as objects. */
  private static JsonNode special(Message message) {
    Descriptor type = message.getDescriptorForType();
    return switch (type.getFullName()) {
      case META + "Time", META + "MicroTime" -> {
        long seconds = (Long) field(message, "seconds");
        int nanos = (Integer) field(message, "nanos");
        if (seconds == 0 && nanos == 0) {
          yield null;
        }
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        yield Store.JSON.getNodeFactory().textNode(type.getName().equals("Time")
            ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : MICRO_TIME.format(instant));
      }
      case META + "Duration" -> Store.JSON.getNodeFactory().textNode(goDuration((Long) field(message, "duration")));
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" ->
          Store.JSON.getNodeFactory().textNode((String) field(message, "string"));
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> ((Long) field(message, "type")) == 1
          ? Store.JSON.getNodeFactory().textNode((String) field(message, "strVal"))
          : Store.JSON.getNodeFactory().numberNode((Integer) field(message, "intVal"));
      case "k8s.io.apimachinery.pkg.runtime.RawExtension", META + "FieldsV1" -> rawJson(message);
      default -> toJson(message);
    };
  }

  private static Object field(Message message, String name) {
    return message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  private static JsonNode rawJson(Message message) {
    // RawExtension's field is "raw", FieldsV1's "Raw": the one field either has.
    Object raw = message.getField(message.getDescriptorForType().getFields().get(0));
    byte[] bytes = raw instanceof ByteString b ? b.toByteArray() : String.valueOf(raw).getBytes(
        java.nio.charset.StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return null;
    }
    try {
      return Store.JSON.readTree(bytes);
    } catch (java.io.IOException e) {
      throw new ApiException(Statuses.badRequest("embedded object is not JSON: " + e.getMessage()));
    }
  }

  /** Go's {@code time.Duration.String()} for whole and fractional seconds: "1h0m0s", "90s" as "1m30s", "1.5s". */
  static String goDuration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder(nanos < 0 ? "-" : "");
    long n = Math.abs(nanos);
    long hours = n / 3_600_000_000_000L;
    long minutes = n / 60_000_000_000L % 60;
    long seconds = n / 1_000_000_000L % 60;
    long fraction = n % 1_000_000_000L;
    if (n < 1_000_000_000L) {
      return out.append(java.math.BigDecimal.valueOf(n, 6).stripTrailingZeros().toPlainString()).append("ms")
          .toString();
    }
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(seconds);
    if (fraction > 0) {
      out.append(java.math.BigDecimal.valueOf(fraction, 9).stripTrailingZeros().toPlainString().substring(1));
    }
    return out.append('s').toString();
  }
}
