package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A deletion hook: while it exists on {@code spec.lifecycleHooks.preDrain} the Node is not drained, while it
 * exists on {@code preTerminate} the instance is not deleted. {@code name} is a plain name or a DNS-subdomain
 * prefixed one ({@code foo.example.com/CamelCase}); {@code owner} names the party that will remove it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class LifecycleHook {
  /** Plain name, optionally prefixed by a lower-case DNS subdomain and a slash. */
  public static final String NAME_PATTERN =
      "^([0-9a-z]([-0-9a-z]*[0-9a-z])?(\\.[0-9a-z]([-0-9a-z]*[0-9a-z])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

  @JsonPropertyDescription("Unique name of the hook: a CamelCase word or a DNS-subdomain prefixed one"
      + " (foo.example.com/WaitForBackup), 3 to 256 characters.")
  @Required
  @Size(min = 3, max = 256)
  @Pattern(NAME_PATTERN)
  private String name;
  @JsonPropertyDescription("Who will remove the hook (a controller such as clusteroperator/etcd, or a"
      + " person), 3 to 512 characters.")
  @Required
  @Size(min = 3, max = 512)
  private String owner;

  public LifecycleHook() {}

  public LifecycleHook(String name, String owner) {
    this.name = name;
    this.owner = owner;
  }


  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getOwner() {
    return owner;
  }

  public void setOwner(String owner) {
    this.owner = owner;
  }}
