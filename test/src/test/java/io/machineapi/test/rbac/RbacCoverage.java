package io.machineapi.test.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.machineapi.apiserver.RequestAttributes;
import io.machineapi.test.rbac.RbacPolicy.BoundRule;
import io.machineapi.test.rbac.RbacPolicy.User;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares a user's RBAC grants with the requests it was seen to make, both ways: what was made but is not allowed,
 * and what is granted but was never needed.
 *
 * @param denied recorded requests no rule allows
 * @param unused grants no recorded request used
 * @param redundant grants used only by requests another grant allows too
 * @param tooBroad cluster-wide grants used only in the user's own namespace (a Role there would do)
 * @param wildcards grants naming {@code *} (never least privilege)
 * @param unboundRoles roles granted to nobody that {@code user} is
 */
public record RbacCoverage(List<RequestAttributes> denied, List<Grant> unused, List<Grant> redundant,
    List<Grant> tooBroad, List<Grant> wildcards, List<String> unboundRoles) {

  /**
   * One (API group, resource, verb) of a rule, or (URL, verb) of a non-resource rule, with where it applies.
   *
   * @param namespace empty for a cluster-wide grant
   * @param resource {@code resource} or {@code resource/subresource}; the URL of a non-resource grant
   * @param rule the whole rule it comes from (its resourceNames apply)
   */
  public record Grant(String role, String namespace, String apiGroup, String resource, String verb,
      boolean nonResource, PolicyRule rule) {

    /** Whether this one grant, with its rule's resourceNames and where it applies, allows {@code request}. */
    boolean allows(RequestAttributes request) {
      PolicyRuleBuilder narrowed = new PolicyRuleBuilder(rule).withVerbs(verb);
      if (nonResource) {
        narrowed.withNonResourceURLs(resource).withApiGroups().withResources();
      } else {
        narrowed.withApiGroups(apiGroup).withResources(resource).withNonResourceURLs();
      }
      return new BoundRule(role, namespace, narrowed.build()).allows(request);
    }

    @Override
    public String toString() {
      String what = nonResource ? verb + " " + resource
          : verb + " " + resource + (apiGroup.isEmpty() ? "" : "." + apiGroup)
              + (RbacPolicy.list(rule.getResourceNames()).isEmpty() ? "" : " " + rule.getResourceNames());
      return what + " from " + role + (namespace.isEmpty() ? " (cluster-wide)" : " in namespace " + namespace);
    }
  }

  /**
   * Checks {@code granted}, the policy under test, against the {@code recorded} requests of {@code user}, whose own
   * namespace is {@code ownNamespace} (a ServiceAccount's); {@code background} grants (what every cluster grants,
   * say) may allow requests too but are not checked.
   */
  public static RbacCoverage check(RbacPolicy granted, RbacPolicy background, User user, String ownNamespace,
      Collection<RequestAttributes> recorded) {
    List<BoundRule> rules = granted.rulesOf(user);
    List<BoundRule> backgroundRules = background.rulesOf(user);
    List<RequestAttributes> denied = recorded.stream()
        .filter(r -> rules.stream().noneMatch(b -> b.allows(r)) && backgroundRules.stream().noneMatch(b -> b.allows(r)))
        .distinct().toList();
    List<Grant> unused = new ArrayList<>();
    List<Grant> redundant = new ArrayList<>();
    List<Grant> tooBroad = new ArrayList<>();
    List<Grant> wildcards = new ArrayList<>();
    for (BoundRule bound : rules) {
      for (Grant grant : grants(bound)) {
        if (grant.apiGroup().contains("*") || grant.resource().contains("*") || grant.verb().equals("*")) {
          wildcards.add(grant);
          continue;
        }
        List<RequestAttributes> uses = recorded.stream().filter(grant::allows).toList();
        if (uses.isEmpty()) {
          unused.add(grant);
          continue;
        }
        boolean needed = uses.stream().anyMatch(r -> rules.stream().filter(other -> other != bound)
            .noneMatch(other -> other.allows(r)) && backgroundRules.stream().noneMatch(b -> b.allows(r)));
        if (!needed) {
          redundant.add(grant);
        }
        Set<String> namespaces = uses.stream().map(RequestAttributes::namespace).collect(Collectors.toSet());
        if (bound.namespace().isEmpty() && !grant.nonResource() && namespaces.equals(Set.of(ownNamespace))) {
          tooBroad.add(grant);
        }
      }
    }
    return new RbacCoverage(denied, unused, redundant, tooBroad, wildcards, granted.unboundRoles(user));
  }

  /** Every (group, resource, verb) or (URL, verb) of one bound rule. */
  static List<Grant> grants(BoundRule bound) {
    PolicyRule rule = bound.rule();
    List<Grant> grants = new ArrayList<>();
    for (String verb : RbacPolicy.list(rule.getVerbs())) {
      for (String url : RbacPolicy.list(rule.getNonResourceURLs())) {
        grants.add(new Grant(bound.role(), bound.namespace(), "", url, verb, true, rule));
      }
      for (String group : RbacPolicy.list(rule.getApiGroups())) {
        for (String resource : RbacPolicy.list(rule.getResources())) {
          grants.add(new Grant(bound.role(), bound.namespace(), group, resource, verb, false, rule));
        }
      }
    }
    return grants;
  }

  /** Whether nothing is denied, unused, redundant, too broad, a wildcard or unbound. */
  public boolean exact() {
    return denied.isEmpty() && unused.isEmpty() && redundant.isEmpty() && tooBroad.isEmpty() && wildcards.isEmpty()
        && unboundRoles.isEmpty();
  }

  /** A report listing every finding, one a line. */
  public String report() {
    StringBuilder text = new StringBuilder();
    section(text, "recorded requests no rule allows", denied);
    section(text, "grants no recorded request used", unused);
    section(text, "grants whose every use another grant allows too", redundant);
    section(text, "cluster-wide grants used in the user's own namespace only (a Role there suffices)", tooBroad);
    section(text, "wildcard grants", wildcards);
    section(text, "roles bound to nobody checked", unboundRoles);
    return text.length() == 0 ? "RBAC exactly covers the recorded requests" : text.toString();
  }

  private static void section(StringBuilder text, String title, List<?> items) {
    if (!items.isEmpty()) {
      text.append(title).append(":\n");
      items.forEach(item -> text.append("  ").append(item).append('\n'));
    }
  }
}
