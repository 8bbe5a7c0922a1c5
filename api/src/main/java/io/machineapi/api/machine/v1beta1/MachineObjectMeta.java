package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Map;

/**
 * The ObjectMeta subset of {@code Machine.spec.metadata} and {@code MachineSet.spec.template.metadata}.
 * On a Machine's spec, labels and annotations are copied onto its Node; on a MachineSet template they are put on
 * each created Machine.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class MachineObjectMeta {
  @JsonPropertyDescription("Name to give the created object; usually left empty.")
  private String name;
  @JsonPropertyDescription("Prefix for a generated name when name is empty.")
  private String generateName;
  @JsonPropertyDescription("Namespace of the created object; usually left empty.")
  private String namespace;
  @JsonPropertyDescription("Labels to set (on the Machine for a MachineSet template, on the Node for a Machine spec).")
  private Map<String, String> labels;
  @JsonPropertyDescription("Annotations to set (on the Machine for a MachineSet template, on the Node for a"
      + " Machine spec).")
  private Map<String, String> annotations;
  @JsonPropertyDescription("Owners to record on the created object, one entry per owner uid.")
  private List<OwnerReference> ownerReferences;


  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getGenerateName() {
    return generateName;
  }

  public void setGenerateName(String generateName) {
    this.generateName = generateName;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public Map<String, String> getLabels() {
    return labels;
  }

  public void setLabels(Map<String, String> labels) {
    this.labels = labels;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }

  public List<OwnerReference> getOwnerReferences() {
    return ownerReferences;
  }

  public void setOwnerReferences(List<OwnerReference> ownerReferences) {
    this.ownerReferences = ownerReferences;
  }}
