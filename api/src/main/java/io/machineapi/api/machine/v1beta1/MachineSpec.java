package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/** Desired state of a {@link Machine}; also the {@code template.spec} of a {@link MachineSet}. */
@JsonClassDescription("Desired state of a Machine: the instance to create, and what to put on its Node.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineSpec {
  @JsonPropertyDescription("Labels and annotations to put on the Node of this Machine.")
  private MachineObjectMeta metadata;
  @JsonPropertyDescription("Hooks that hold a deleting Machine before its Node is drained or before its"
      + " instance is terminated.")
  private LifecycleHooks lifecycleHooks;
  @JsonPropertyDescription("Taints added to the Node of this Machine; taints others add to the Node are left alone.")
  private List<Taint> taints;
  @JsonPropertyDescription("Cloud-specific configuration of the instance to create.")
  private ProviderSpec providerSpec;
  @JsonPropertyDescription("Cloud identity of the instance, set by the provider; equals the Node's"
      + " spec.providerID. Tools such as the cluster autoscaler match Machines to Nodes"
      + " with it.")
  private String providerID;
  @JsonPropertyDescription("Which API manages this object, MachineAPI or ClusterAPI (migration field; this"
      + " operator acts on MachineAPI objects).")
  private AuthoritativeAPI authoritativeAPI;


  public MachineObjectMeta getMetadata() {
    return metadata;
  }

  public void setMetadata(MachineObjectMeta metadata) {
    this.metadata = metadata;
  }

  public LifecycleHooks getLifecycleHooks() {
    return lifecycleHooks;
  }

  public void setLifecycleHooks(LifecycleHooks lifecycleHooks) {
    this.lifecycleHooks = lifecycleHooks;
  }

  public List<Taint> getTaints() {
    return taints;
  }

  public void setTaints(List<Taint> taints) {
    this.taints = taints;
  }

  public ProviderSpec getProviderSpec() {
    return providerSpec;
  }

  public void setProviderSpec(ProviderSpec providerSpec) {
    this.providerSpec = providerSpec;
  }

  public String getProviderID() {
    return providerID;
  }

  public void setProviderID(String providerID) {
    this.providerID = providerID;
  }

  public AuthoritativeAPI getAuthoritativeAPI() {
    return authoritativeAPI;
  }

  public void setAuthoritativeAPI(AuthoritativeAPI authoritativeAPI) {
    this.authoritativeAPI = authoritativeAPI;
  }}
