package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.spi.FieldError;
import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Validates and defaults a {@code providerSpec.value} through the provider the controller would use for it
 * ({@link ProviderRegistry#resolve}, {@link MachineProvider#decode}, {@link MachineProvider#defaults},
 * {@link MachineProvider#warnings}), so the webhook and the controller accept exactly the same specs. A kind no
 * enabled provider serves is allowed with a warning: another operator (or a later one) may serve it.
 */
final class ProviderSpecAdmission {

  /** Problems (paths from the object's root) and warnings. */
  record Outcome(List<FieldError> errors, List<String> warnings) {}

  private final ProviderRegistry providers;
  private final SecretLookup secrets;

  ProviderSpecAdmission(ProviderRegistry providers, SecretLookup secrets) {
    this.providers = providers;
    this.secrets = secrets;
  }

  /**
   * @param value the {@code providerSpec.value}, may be null
   * @param specPath where the Machine spec holding it is, {@code spec} or {@code spec.template.spec}
   * @param namespace the object's namespace, where the spec's Secrets are looked for
   */
  Outcome validate(JsonNode value, String specPath, String namespace) {
    String valuePath = specPath + "." + FieldErrors.PROVIDER_SPEC_VALUE;
    if (value == null || value.isNull() || value.isMissingNode()) {
      return new Outcome(List.of(new FieldError(valuePath, "must be set")), List.of());
    }
    String kind = value.path("kind").asText("");
    if (kind.isBlank()) {
      return new Outcome(List.of(new FieldError(valuePath + ".kind", "must be set (this operator serves "
          + servedKinds() + ")")), List.of());
    }
    Optional<MachineProvider<?>> provider = providers.resolve(kind);
    if (provider.isEmpty()) {
      return new Outcome(List.of(), List.of(providers.noProviderMessage(kind) + "; " + valuePath
          + " was not validated"));
    }
    return check(provider.get(), value, specPath, namespace);
  }

  /** {@code value} with its provider's defaults; unchanged when no enabled provider serves its kind. */
  JsonNode defaults(JsonNode value) {
    if (value == null || !value.isObject()) {
      return value;
    }
    return providers.resolve(value.path("kind").asText("")).map(p -> p.defaults(value.deepCopy())).orElse(value);
  }

  private <S extends ProviderSpec> Outcome check(MachineProvider<S> provider, JsonNode value, String specPath,
      String namespace) {
    S spec;
    try {
      spec = provider.decode(value);
    } catch (InvalidConfigurationException e) {
      List<FieldError> errors = e.errors().stream()
          .map(f -> new FieldError(FieldErrors.join(specPath, f.path().isEmpty() ? FieldErrors.PROVIDER_SPEC_VALUE
              : f.path()), f.message()))
          .toList();
      return new Outcome(errors, List.of());
    }
    List<String> warnings = new ArrayList<>();
    provider.warnings(spec).forEach(w -> warnings.add(w.startsWith("providerSpec.") ? specPath + "." + w : w));
    secretWarning(spec.credentialsSecret(), "credentialsSecret", "credentials", specPath, namespace)
        .ifPresent(warnings::add);
    secretWarning(spec.userDataSecret(), "userDataSecret", "user-data", specPath, namespace).ifPresent(warnings::add);
    return new Outcome(List.of(), warnings);
  }

  private Optional<String> secretWarning(Optional<SecretReference> reference, String field, String purpose,
      String specPath, String namespace) {
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    String secretNamespace = reference.get().namespaceFor(namespace);
    String name = reference.get().name();
    return secrets.exists(secretNamespace, name).filter(exists -> !exists)
        .map(missing -> specPath + "." + FieldErrors.PROVIDER_SPEC_VALUE + "." + field + ": the " + purpose
            + " Secret " + secretNamespace + "/" + name + " does not exist; the Machine waits for it");
  }

  private String servedKinds() {
    return providers.kinds().entrySet().stream().map(e -> e.getKey() + " (provider " + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }
}
