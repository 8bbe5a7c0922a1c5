package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;

/** Desired state of a {@link Machine}; also the {@code template.spec} of a {@link MachineSet}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineSpec {
  /** Labels and annotations copied onto the Node. */
  private MachineObjectMeta metadata;
  private LifecycleHooks lifecycleHooks;
  /** Taints added to the Node. */
  private List<Taint> taints;
  private ProviderSpec providerSpec;
  /** Cloud identity written by the provider; equals the Node's {@code spec.providerID}. */
  private String providerID;
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
