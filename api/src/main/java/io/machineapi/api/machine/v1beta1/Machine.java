package io.machineapi.api.machine.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/**
 * A Machine: one cloud instance (and the Node it becomes), created through the provider its
 * {@code spec.providerSpec.value.kind} selects.
 */
@JsonClassDescription("A Machine is one cloud instance and the Node it becomes. The kind inside"
    + " spec.providerSpec.value selects the provider that creates it.")
@Group(Machine.GROUP)
@Version(Machine.VERSION)
@Kind("Machine")
@Plural("machines")
@Singular("machine")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = STRING,
    getDescription = "Where the Machine is in its life")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".metadata.labels['machine.openshift.io/instance-type']", type = STRING,
    getDescription = "Instance type")
@AdditionalPrinterColumn(name = "Region", jsonPath = ".metadata.labels['machine.openshift.io/region']", type = STRING,
    getDescription = "Region of the instance")
@AdditionalPrinterColumn(name = "Zone", jsonPath = ".metadata.labels['machine.openshift.io/zone']", type = STRING,
    getDescription = "Zone of the instance")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE,
    getDescription = "Time since the Machine was created")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeRef.name", type = STRING, priority = 1,
    getDescription = "Node this Machine became")
@AdditionalPrinterColumn(name = "ProviderID", jsonPath = ".spec.providerID", type = STRING, priority = 1,
    getDescription = "Cloud identity of the instance")
@AdditionalPrinterColumn(name = "State", jsonPath = ".metadata.annotations['machine.openshift.io/instance-state']",
    type = STRING, priority = 1,
    getDescription = "Instance state as the cloud reports it")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Machine extends CustomResource<MachineSpec, MachineStatus> implements Namespaced {
  public static final String GROUP = "machine.openshift.io";
  public static final String VERSION = "v1beta1";
  /** Finalizer the Machine controller adds on the first reconcile and removes as the last deletion step. */
  public static final String FINALIZER = "machine.machine.openshift.io";
}
