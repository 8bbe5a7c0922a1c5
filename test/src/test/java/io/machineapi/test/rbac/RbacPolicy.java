package io.machineapi.test.rbac;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.machineapi.apiserver.RequestAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RBAC rules as Kubernetes' RBAC authorizer evaluates them: a user is allowed a request when a ClusterRoleBinding
 * binds it to a ClusterRole with a matching rule, or a RoleBinding in the request's namespace binds it to a Role of
 * that namespace (or a ClusterRole) with a matching rule. A rule matches on verbs, API groups, resources (including
 * {@code resource/subresource} and {@code *}/{@code *}{@code /subresource}), resourceNames and, for requests to no
 * resource, nonResourceURLs (exact or ending in {@code *}; only through ClusterRoleBindings).
 *
 * <p>Aggregated ClusterRoles are not supported (refused).
 */
public final class RbacPolicy {

  /** Who asks: a user name and its groups. */
  public record User(String name, Set<String> groups) {

    /** A ServiceAccount as the API server authenticates its token. */
    public static User serviceAccount(String namespace, String name) {
      return new User("system:serviceaccount:" + namespace + ":" + name,
          Set.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"));
    }
  }

  /**
   * One rule bound to a user: where it applies ({@code namespace} empty for a ClusterRoleBinding, which applies
   * everywhere) and which role it comes from ({@code Kind/name}, {@code Role/ns/name} for a Role).
   */
  public record BoundRule(String role, String namespace, PolicyRule rule) {

    /** Whether this rule, where it applies, allows the request. */
    public boolean allows(RequestAttributes request) {
      if (!namespace.isEmpty() && !(request.resourceRequest() && namespace.equals(request.namespace()))) {
        return false;
      }
      return ruleAllows(rule, request);
    }

    @Override
    public String toString() {
      return role + (namespace.isEmpty() ? " (cluster-wide)" : " (namespace " + namespace + ")") + ": "
          + describe(rule);
    }
  }

  private final Map<String, ClusterRole> clusterRoles;
  private final Map<String, Role> roles;
  private final List<ClusterRoleBinding> clusterRoleBindings;
  private final List<RoleBinding> roleBindings;

  private RbacPolicy(Collection<? extends HasMetadata> objects) {
    clusterRoles = byKey(objects, ClusterRole.class, r -> r.getMetadata().getName());
    roles = byKey(objects, Role.class, r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
    clusterRoleBindings = of(objects, ClusterRoleBinding.class);
    roleBindings = of(objects, RoleBinding.class);
    clusterRoles.values().stream().filter(r -> r.getAggregationRule() != null).findAny().ifPresent(r -> {
      throw new IllegalArgumentException("aggregated ClusterRole " + r.getMetadata().getName() + " not supported");
    });
  }

  /** The policy of the RBAC objects among {@code objects} (others are ignored). */
  public static RbacPolicy of(Collection<? extends HasMetadata> objects) {
    return new RbacPolicy(objects);
  }

  /** Whether {@code user} may make {@code request}. */
  public boolean allows(User user, RequestAttributes request) {
    return rulesOf(user).stream().anyMatch(rule -> rule.allows(request));
  }

  /** Every rule bound to {@code user}, with where it applies; a rule bound twice is listed twice. */
  public List<BoundRule> rulesOf(User user) {
    List<BoundRule> bound = new ArrayList<>();
    for (ClusterRoleBinding binding : clusterRoleBindings) {
      if (appliesTo(binding.getSubjects(), user, "")) {
        clusterRoleRules(binding.getRoleRef()).forEach(r -> bound.add(new BoundRule(
            "ClusterRole/" + binding.getRoleRef().getName(), "", r)));
      }
    }
    for (RoleBinding binding : roleBindings) {
      String namespace = binding.getMetadata().getNamespace();
      if (namespace == null || !appliesTo(binding.getSubjects(), user, namespace)) {
        continue;
      }
      RoleRef ref = binding.getRoleRef();
      if ("Role".equals(ref.getKind())) {
        Optional.ofNullable(roles.get(namespace + "/" + ref.getName())).map(Role::getRules).orElse(List.of())
            .forEach(r -> bound.add(new BoundRule("Role/" + namespace + "/" + ref.getName(), namespace, r)));
      } else {
        clusterRoleRules(ref).forEach(r -> bound.add(new BoundRule("ClusterRole/" + ref.getName(), namespace, r)));
      }
    }
    return bound;
  }

  /** Names of the Roles ({@code namespace/name}) and ClusterRoles no binding binds {@code user} to. */
  public List<String> unboundRoles(User user) {
    Set<String> bound = rulesOf(user).stream().map(BoundRule::role).collect(Collectors.toSet());
    List<String> unbound = new ArrayList<>();
    clusterRoles.keySet().stream().filter(name -> !bound.contains("ClusterRole/" + name))
        .forEach(name -> unbound.add("ClusterRole/" + name));
    roles.keySet().stream().filter(key -> !bound.contains("Role/" + key)).forEach(key -> unbound.add("Role/" + key));
    return unbound;
  }

  private List<PolicyRule> clusterRoleRules(RoleRef ref) {
    if (!"ClusterRole".equals(ref.getKind())) {
      return List.of();
    }
    return Optional.ofNullable(clusterRoles.get(ref.getName())).map(ClusterRole::getRules).orElse(List.of());
  }

  private static boolean appliesTo(List<Subject> subjects, User user, String bindingNamespace) {
    if (subjects == null) {
      return false;
    }
    for (Subject subject : subjects) {
      boolean matches = switch (String.valueOf(subject.getKind())) {
        case "User" -> user.name().equals(subject.getName());
        case "Group" -> user.groups().contains(subject.getName());
        case "ServiceAccount" -> {
          String namespace = empty(subject.getNamespace()) ? bindingNamespace : subject.getNamespace();
          yield !namespace.isEmpty()
              && user.name().equals("system:serviceaccount:" + namespace + ":" + subject.getName());
        }
        default -> false;
      };
      if (matches) {
        return true;
      }
    }
    return false;
  }

  /** Kubernetes' RuleAllows: the rule alone, wherever it applies. */
  public static boolean ruleAllows(PolicyRule rule, RequestAttributes request) {
    if (!matchesOrStar(rule.getVerbs(), request.verb())) {
      return false;
    }
    if (!request.resourceRequest()) {
      return nonResourceUrlMatches(list(rule.getNonResourceURLs()), request.path());
    }
    return matchesOrStar(rule.getApiGroups(), request.apiGroup())
        && resourceMatches(list(rule.getResources()), request.combinedResource(), request.subresource())
        && (list(rule.getResourceNames()).isEmpty() || rule.getResourceNames().contains(request.name()));
  }

  private static boolean resourceMatches(List<String> ruleResources, String combined, String subresource) {
    for (String resource : ruleResources) {
      if (resource.equals("*") || resource.equals(combined)) {
        return true;
      }
      if (!subresource.isEmpty() && resource.equals("*/" + subresource)) {
        return true;
      }
    }
    return false;
  }

  private static boolean nonResourceUrlMatches(List<String> urls, String path) {
    for (String url : urls) {
      if (url.equals("*") || url.equals(path)) {
        return true;
      }
      if (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesOrStar(List<String> values, String wanted) {
    return list(values).contains("*") || list(values).contains(wanted);
  }

  /** A rule in one line, as {@code kubectl describe} would print it. */
  public static String describe(PolicyRule rule) {
    StringBuilder text = new StringBuilder();
    if (!list(rule.getResources()).isEmpty()) {
      text.append("apiGroups=").append(list(rule.getApiGroups())).append(" resources=")
          .append(list(rule.getResources()));
    }
    if (!list(rule.getResourceNames()).isEmpty()) {
      text.append(" resourceNames=").append(rule.getResourceNames());
    }
    if (!list(rule.getNonResourceURLs()).isEmpty()) {
      text.append("nonResourceURLs=").append(rule.getNonResourceURLs());
    }
    return text.append(" verbs=").append(list(rule.getVerbs())).toString();
  }

  static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }

  private static <T extends HasMetadata> List<T> of(Collection<? extends HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> Map<String, T> byKey(Collection<? extends HasMetadata> objects,
      Class<T> type, Function<T, String> key) {
    return of(objects, type).stream().collect(Collectors.toMap(key, Function.identity()));
  }
}
