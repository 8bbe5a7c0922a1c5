package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.zjsonpatch.JsonPatch;
import io.machineapi.selector.LabelMatcher;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the admission webhooks registered in this server's {@code admissionregistration.k8s.io/v1}
 * MutatingWebhookConfigurations and ValidatingWebhookConfigurations, as kube-apiserver does: configurations in name
 * order, webhooks in their order; a webhook is called when a rule matches (operation, group, version, resource with
 * {@code *}, {@code x/*}, {@code *}{@code /status}, scope) and its namespaceSelector and objectSelector match. An
 * AdmissionReview {@code admission.k8s.io/v1} is POSTed to {@code clientConfig.url}, or for a service reference
 * to the address set with {@link #serviceAddress} (the embedded API has no cluster network); the server must
 * present a certificate from {@code clientConfig.caBundle} for that host. Mutating webhooks' JSON patches are
 * applied; a denial answers the webhook's status (code below 400 → 400) worded
 * {@code admission webhook "NAME" denied the request: MESSAGE}; a call failure or timeout under
 * {@code failurePolicy: Fail} answers 500 {@code Internal error occurred: failed calling webhook "NAME": ...} and
 * under {@code Ignore} is skipped; {@code warnings} become {@code Warning} headers.
 *
 * <p>Differences: {@code matchPolicy: Equivalent} is treated as Exact (no other versions of a kind are served),
 * {@code matchConditions} (CEL) are not evaluated (the webhook is called), {@code reinvocationPolicy} is ignored
 * (each mutating webhook is called once), and {@code userInfo} is a fixed sandbox user.
 *
 * <p>Threading: requests are served on the mock server's one Vert.x event loop, which waits for each webhook; the
 * store lock is released while a call is in flight (so the garbage collector and namespace controller go on), and
 * every call has its deadline ({@code timeoutSeconds}, default 10, at most 30), so a slow webhook delays the API by
 * at most that. Validating webhooks of one request are called in parallel, as kube-apiserver does.
 */
final class AdmissionWebhooks {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionWebhooks.class);
  private static final String GROUP = "admissionregistration.k8s.io";
  private static final String GROUP_PATH = "/apis/" + GROUP + "/v1/";
  private static final int DEFAULT_TIMEOUT_SECONDS = 10;
  private static final int MAX_TIMEOUT_SECONDS = 30;

  /** What the webhooks are asked about: one admission attribute set, as kube-apiserver's admission.Attributes. */
  record Attributes(String operation, String group, String version, String resource, String subresource,
      String kindGroup, String kindVersion, String kind, String namespace, String name, JsonNode object,
      JsonNode oldObject, boolean dryRun, boolean namespaceObject) {

    /**
     * The attributes of a write of {@code path} (its main resource; {@code subresource} names status or scale).
     *
     * @param type the resource type (null for a built-in kind outside the table: the object's kind is used)
     */
    static Attributes of(String operation, ResourcePath path, ResourceType type, String subresource, JsonNode object,
        JsonNode oldObject, boolean dryRun) {
      JsonNode any = object != null ? object : oldObject;
      String apiVersion = any == null ? path.apiVersion() : any.path("apiVersion").asText(path.apiVersion());
      String kind = type != null ? type.kind() : any == null ? "" : any.path("kind").asText("");
      String kindGroup = type != null ? type.group() : apiVersion.contains("/")
          ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String kindVersion = type != null ? type.version() : apiVersion.substring(apiVersion.indexOf('/') + 1);
      if ("scale".equals(subresource)) {
        kindGroup = "autoscaling";
        kindVersion = "v1";
        kind = "Scale";
      } else if ("eviction".equals(subresource)) {
        kindGroup = "policy";
        kindVersion = "v1";
        kind = "Eviction";
      }
      String name = path.name() != null ? path.name()
          : any == null ? "" : any.path("metadata").path("name").asText("");
      return new Attributes(operation, path.group(), path.version(), path.plural(),
          subresource == null ? "" : subresource, kindGroup, kindVersion, kind,
          path.namespace() == null ? "" : path.namespace(), name, object, oldObject, dryRun,
          path.group().isEmpty() && path.plural().equals("namespaces") && path.namespace() == null);
    }
  }

  /** One webhook of a configuration, with what its configuration gives it. */
  private record Hook(String configuration, JsonNode spec) {
    String name() {
      return spec.path("name").asText();
    }

    boolean failOpen() {
      return spec.path("failurePolicy").asText("Fail").equals("Ignore");
    }

    Duration timeout() {
      int seconds = spec.path("timeoutSeconds").asInt(DEFAULT_TIMEOUT_SECONDS);
      return Duration.ofSeconds(Math.max(1, Math.min(MAX_TIMEOUT_SECONDS, seconds)));
    }
  }

  /** A webhook's answer: allowed, with its patch (mutating only), status and warnings. */
  private record Answer(boolean allowed, JsonNode patch, JsonNode status) {
  }

  private final Store store;
  private final WebhookTransport transport = new WebhookTransport();
  private final Map<String, String> serviceAddresses = new ConcurrentHashMap<>();
  private final ThreadLocal<List<String>> warnings = ThreadLocal.withInitial(ArrayList::new);
  /** The configurations as last read, by plural, with the group's change count then (a list scans the store). */
  private volatile Map<String, List<ObjectNode>> configurations = Map.of();
  private volatile long configurationsStamp = -1;

  AdmissionWebhooks(Store store) {
    this.store = store;
  }

  /** Calls to service {@code namespace/name} go to {@code hostPort} (e.g. {@code 127.0.0.1:9443}). */
  void serviceAddress(String namespace, String name, String hostPort) {
    serviceAddresses.put(namespace + "/" + name, hostPort);
  }

  /** The warnings the webhooks gave on this thread since the last call, which are then forgotten. */
  List<String> takeWarnings() {
    List<String> taken = List.copyOf(warnings.get());
    warnings.remove();
    return taken;
  }

  /** Whether any MutatingWebhookConfiguration is stored. */
  boolean anyMutating() {
    return !configurations().getOrDefault("mutatingwebhookconfigurations", List.of()).isEmpty();
  }

  /**
   * Runs the mutating webhooks that match {@code attributes} in order, each on the object the previous one
   * produced; returns the resulting object ({@code attributes.object()} itself when no patch applied).
   */
  ObjectNode mutate(Attributes attributes) {
    List<Hook> hooks = matching("mutatingwebhookconfigurations", attributes);
    JsonNode object = attributes.object();
    for (Hook hook : hooks) {
      Attributes current = withObject(attributes, object);
      Answer answer = store.unlocked(() -> awaitAnswer(hook, start(hook, current)));
      if (answer == null) {
        continue;
      }
      if (!answer.allowed()) {
        throw new ApiException(denied(hook, answer.status()));
      }
      if (answer.patch() != null && object != null) {
        try {
          object = JsonPatch.apply(answer.patch(), object);
        } catch (RuntimeException e) {
          throw new ApiException(Statuses.failure(500, "InternalError", "Internal error occurred: "
              + e.getMessage()));
        }
      }
    }
    return (ObjectNode) object;
  }

  /** Runs the validating webhooks that match {@code attributes}, all at once; the first refusal in order wins. */
  void validate(Attributes attributes) {
    List<Hook> hooks = matching("validatingwebhookconfigurations", attributes);
    if (hooks.isEmpty()) {
      return;
    }
    List<Object> outcomes = store.unlocked(() -> {
      List<Started> started = new ArrayList<>();
      for (Hook hook : hooks) {
        started.add(start(hook, attributes));
      }
      List<Object> all = new ArrayList<>();
      for (int i = 0; i < hooks.size(); i++) {
        try {
          all.add(awaitAnswer(hooks.get(i), started.get(i)));
        } catch (ApiException e) {
          all.add(e);
        }
      }
      return all;
    });
    for (int i = 0; i < hooks.size(); i++) {
      if (outcomes.get(i) instanceof ApiException e) {
        throw e;
      }
      if (outcomes.get(i) instanceof Answer answer && !answer.allowed()) {
        throw new ApiException(denied(hooks.get(i), answer.status()));
      }
    }
  }

  /** The webhooks of every configuration of {@code plural} that match, configurations by name. */
  private List<Hook> matching(String plural, Attributes attributes) {
    if (attributes.group().equals(GROUP)) {
      // As kube-apiserver: webhooks are not called for admission configuration objects, so none can lock itself in.
      return List.of();
    }
    List<ObjectNode> configurations = configurations().getOrDefault(plural, List.of());
    if (configurations.isEmpty()) {
      return List.of();
    }
    List<Hook> hooks = new ArrayList<>();
    Map<String, String> namespaceLabels = null;
    for (ObjectNode configuration : configurations) {
      for (JsonNode spec : configuration.path("webhooks")) {
        if (!rulesMatch(spec.path("rules"), attributes) || !objectSelectorMatches(spec, attributes)) {
          continue;
        }
        if (namespaceLabels == null) {
          namespaceLabels = namespaceLabels(attributes);
        }
        if (namespaceSelectorMatches(spec, attributes, namespaceLabels)) {
          hooks.add(new Hook(configuration.path("metadata").path("name").asText(), spec));
        }
      }
    }
    return hooks;
  }

  /** Both kinds of configuration, each sorted by name; read again only after one of them changed. */
  private Map<String, List<ObjectNode>> configurations() {
    long stamp = store.changesOf(GROUP);
    if (stamp != configurationsStamp) {
      Map<String, List<ObjectNode>> read = new HashMap<>();
      for (String plural : List.of("mutatingwebhookconfigurations", "validatingwebhookconfigurations")) {
        List<ObjectNode> list = new ArrayList<>(store.list(GROUP_PATH + plural));
        list.sort(Comparator.comparing(c -> c.path("metadata").path("name").asText()));
        read.put(plural, List.copyOf(list));
      }
      configurations = read;
      configurationsStamp = stamp;
    }
    return configurations;
  }

  static boolean rulesMatch(JsonNode rules, Attributes attributes) {
    for (JsonNode rule : rules) {
      if (contains(rule.path("operations"), attributes.operation())
          && contains(rule.path("apiGroups"), attributes.group())
          && contains(rule.path("apiVersions"), attributes.version())
          && resourceMatches(rule.path("resources"), attributes)
          && scopeMatches(rule.path("scope").asText("*"), attributes)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode values, String value) {
    for (JsonNode candidate : values) {
      if (candidate.asText().equals("*") || candidate.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** {@code x} (no subresource), {@code x/y}, {@code *}, {@code x/*}, {@code *}{@code /y}, as kube's rule matcher. */
  private static boolean resourceMatches(JsonNode resources, Attributes attributes) {
    for (JsonNode candidate : resources) {
      String text = candidate.asText();
      int slash = text.indexOf('/');
      String resource = slash < 0 ? text : text.substring(0, slash);
      String subresource = slash < 0 ? "" : text.substring(slash + 1);
      if ((resource.equals("*") || resource.equals(attributes.resource()))
          && (subresource.equals("*") || subresource.equals(attributes.subresource()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean scopeMatches(String scope, Attributes attributes) {
    return switch (scope) {
      case "Cluster" -> attributes.namespace().isEmpty();
      case "Namespaced" -> !attributes.namespace().isEmpty() && !attributes.namespaceObject();
      default -> true;
    };
  }

  private static boolean objectSelectorMatches(JsonNode spec, Attributes attributes) {
    LabelMatcher matcher = selector(spec.get("objectSelector"));
    if (matcher.isEverything()) {
      return true;
    }
    return matcher.matches(labels(attributes.object())) || matcher.matches(labels(attributes.oldObject()));
  }

  /**
   * Objects of cluster-scoped kinds always match (except Namespaces, which match on their own labels); others on
   * the labels of their namespace.
   */
  private static boolean namespaceSelectorMatches(JsonNode spec, Attributes attributes, Map<String, String> labels) {
    LabelMatcher matcher = selector(spec.get("namespaceSelector"));
    if (matcher.isEverything() || (attributes.namespace().isEmpty() && !attributes.namespaceObject())) {
      return true;
    }
    return matcher.matches(labels);
  }

  private Map<String, String> namespaceLabels(Attributes attributes) {
    if (attributes.namespaceObject()) {
      Map<String, String> labels = new HashMap<>(labels(attributes.oldObject()));
      labels.putAll(labels(attributes.object()));
      return labels;
    }
    if (attributes.namespace().isEmpty()) {
      return Map.of();
    }
    return store.get("/api/v1/namespaces/" + attributes.namespace()).map(AdmissionWebhooks::labels)
        .orElse(Map.of());
  }

  private static LabelMatcher selector(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isEmpty()) {
      return LabelMatcher.everything();
    }
    try {
      return LabelSelectors.fromJson(selector);
    } catch (SelectorException e) {
      return LabelMatcher.nothing();
    }
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new HashMap<>();
    if (object != null) {
      object.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(),
          e.getValue().asText()));
    }
    return labels;
  }

  private static Attributes withObject(Attributes a, JsonNode object) {
    return new Attributes(a.operation(), a.group(), a.version(), a.resource(), a.subresource(), a.kindGroup(),
        a.kindVersion(), a.kind(), a.namespace(), a.name(), object, a.oldObject(), a.dryRun(), a.namespaceObject());
  }

  /** A started call: the pending response, or the ApiException/call failure that prevented it. */
  private record Started(String uid, String shownUrl, CompletableFuture<HttpResponse<byte[]>> call,
      RuntimeException refusal, String failure) {
  }

  private Started start(Hook hook, Attributes attributes) {
    if (attributes.dryRun()) {
      String sideEffects = hook.spec().path("sideEffects").asText("");
      if (sideEffects.isEmpty()) {
        return new Started(null, null, null, null, "Webhook SideEffects is nil");
      }
      if (!sideEffects.equals("None") && !sideEffects.equals("NoneOnDryRun")) {
        return new Started(null, null, null, new ApiException(Statuses.badRequest("admission webhook "
            + quote(hook.name()) + " does not support dry run")), null);
      }
    }
    String uid = UUID.randomUUID().toString();
    JsonNode clientConfig = hook.spec().path("clientConfig");
    Duration timeout = hook.timeout();
    String query = "?timeout=" + timeout.toSeconds() + "s";
    URI target;
    String shown;
    String verifiedHost;
    if (clientConfig.hasNonNull("url")) {
      URI url = URI.create(clientConfig.get("url").asText());
      shown = url + (url.getQuery() == null ? query : "&" + query.substring(1));
      target = URI.create(shown);
      verifiedHost = url.getHost();
    } else {
      JsonNode service = clientConfig.path("service");
      String namespace = service.path("namespace").asText();
      String name = service.path("name").asText();
      int port = service.path("port").asInt(443);
      String path = service.path("path").asText("");
      verifiedHost = name + "." + namespace + ".svc";
      shown = "https://" + verifiedHost + ":" + port + path + query;
      String address = serviceAddresses.get(namespace + "/" + name);
      if (address == null) {
        return new Started(uid, shown, null, null, "failed to call webhook: Post \"" + shown + "\": service "
            + namespace + "/" + name + " has no address in the embedded API (EmbeddedApiServer.webhookServiceAddress)");
      }
      target = URI.create("https://" + address + path + query);
    }
    byte[] body = Store.asJson(review(uid, attributes)).getBytes(StandardCharsets.UTF_8);
    try {
      return new Started(uid, shown, transport.post(target, verifiedHost,
          clientConfig.path("caBundle").asText(""), body, timeout), null, null);
    } catch (WebhookTransport.CallFailure e) {
      return new Started(uid, shown, null, null, e.getMessage());
    }
  }

  /** The webhook's answer, null when its failure is ignored; ApiException for a failure under Fail. */
  private Answer awaitAnswer(Hook hook, Started started) {
    if (started.refusal() != null) {
      throw started.refusal();
    }
    String failure = started.failure();
    Parsed parsed = null;
    if (failure == null) {
      try {
        byte[] body = WebhookTransport.await(started.call(), started.shownUrl(), hook.timeout());
        parsed = answer(started.uid(), body);
      } catch (WebhookTransport.CallFailure e) {
        failure = e.getMessage();
      }
    }
    if (failure != null) {
      String message = "failed calling webhook " + quote(hook.name()) + ": " + failure;
      if (hook.failOpen()) {
        LOG.warn("Failed calling webhook, failing open {}: {}", hook.name(), message);
        return null;
      }
      LOG.warn("Failed calling webhook, failing closed {}: {}", hook.name(), message);
      String full = "Internal error occurred: " + message;
      Status status = Statuses.failure(500, "InternalError", full);
      status.setDetails(new StatusDetailsBuilder().withCauses(new StatusCauseBuilder().withMessage(message)
          .build()).build());
      throw new ApiException(status);
    }
    parsed.warnings().forEach(warnings.get()::add);
    return parsed.result();
  }

  private record Parsed(Answer result, List<String> warnings) {
  }

  private static Parsed answer(String uid, byte[] body) throws WebhookTransport.CallFailure {
    JsonNode review;
    try {
      review = Store.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new WebhookTransport.CallFailure("received invalid webhook response: " + e.getMessage());
    }
    JsonNode response = review.get("response");
    if (response == null || response.isNull()) {
      throw new WebhookTransport.CallFailure("webhook response was absent");
    }
    if (!uid.equals(response.path("uid").asText())) {
      throw new WebhookTransport.CallFailure("expected response.uid=" + quote(uid) + ", got "
          + quote(response.path("uid").asText()));
    }
    String gvk = review.path("apiVersion").asText() + ", Kind=" + review.path("kind").asText();
    if (!gvk.equals("admission.k8s.io/v1, Kind=AdmissionReview")) {
      throw new WebhookTransport.CallFailure("expected webhook response of admission.k8s.io/v1, "
          + "Kind=AdmissionReview, got " + gvk);
    }
    JsonNode patch = null;
    if (!response.path("patch").asText("").isEmpty()) {
      if (!response.path("patchType").asText("").equals("JSONPatch")) {
        throw new WebhookTransport.CallFailure(response.hasNonNull("patchType")
            ? "webhook returned invalid response.patchType of " + quote(response.path("patchType").asText())
            : "webhook returned response.patch but not response.patchType");
      }
      try {
        patch = Store.JSON.readTree(Base64.getDecoder().decode(response.get("patch").asText()));
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new WebhookTransport.CallFailure("webhook returned an invalid patch: " + e.getMessage());
      }
    }
    List<String> warnings = new ArrayList<>();
    response.path("warnings").forEach(w -> warnings.add(w.asText()));
    return new Parsed(new Answer(response.path("allowed").asBoolean(false), patch, response.get("status")),
        warnings);
  }

  /** The AdmissionReview request body, with the fields kube-apiserver fills. */
  private static ObjectNode review(String uid, Attributes a) {
    ObjectNode review = Store.JSON.createObjectNode();
    review.put("kind", "AdmissionReview").put("apiVersion", "admission.k8s.io/v1");
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    ObjectNode kind = request.putObject("kind");
    kind.put("group", a.kindGroup()).put("version", a.kindVersion()).put("kind", a.kind());
    ObjectNode resource = request.putObject("resource");
    resource.put("group", a.group()).put("version", a.version()).put("resource", a.resource());
    if (!a.subresource().isEmpty()) {
      request.put("subResource", a.subresource());
    }
    request.set("requestKind", kind.deepCopy());
    request.set("requestResource", resource.deepCopy());
    if (!a.subresource().isEmpty()) {
      request.put("requestSubResource", a.subresource());
    }
    request.put("name", a.name());
    if (!a.namespace().isEmpty()) {
      request.put("namespace", a.namespace());
    }
    request.put("operation", a.operation());
    ObjectNode user = request.putObject("userInfo");
    user.put("username", "embedded");
    ArrayNode groups = user.putArray("groups");
    groups.add("system:masters").add("system:authenticated");
    request.set("object", a.object() == null ? null : a.object());
    request.set("oldObject", a.oldObject() == null ? null : a.oldObject());
    request.put("dryRun", a.dryRun());
    ObjectNode options = request.putObject("options");
    options.put("kind", switch (a.operation()) {
      case "CREATE" -> "CreateOptions";
      case "DELETE" -> "DeleteOptions";
      default -> "UpdateOptions";
    }).put("apiVersion", "meta.k8s.io/v1");
    if (a.dryRun()) {
      options.putArray("dryRun").add("All");
    }
    return review;
  }

  /**
   * A webhook's refusal as kube-apiserver 1.30–1.32 answers it ({@code webhook/errors.ToStatusErr}): the webhook's
   * status, its code raised to 400 when below, its message prefixed {@code admission webhook "NAME" denied the
   * request: } (the reason when there is no message, {@code without explanation} when neither).
   */
  static Status denied(Hook hook, JsonNode result) {
    Status status = result == null || result.isNull() ? new Status()
        : Store.JSON.convertValue(result, Status.class);
    status.setApiVersion("v1");
    status.setKind("Status");
    if (status.getCode() == null || status.getCode() < 400) {
      status.setCode(400);
    }
    status.setStatus("Failure");
    String deniedBy = "admission webhook " + quote(hook.name()) + " denied the request";
    String message = status.getMessage();
    String reason = status.getReason();
    if (message != null && !message.isEmpty()) {
      status.setMessage(deniedBy + ": " + message);
    } else if (reason != null && !reason.isEmpty()) {
      status.setMessage(deniedBy + ": " + reason);
    } else {
      status.setMessage(deniedBy + " without explanation");
    }
    if (status.getMetadata() == null) {
      status.setMetadata(new io.fabric8.kubernetes.api.model.ListMeta());
    }
    return status;
  }

  private static String quote(String text) {
    return io.machineapi.apiserver.schema.FieldError.render(com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
  }
}
