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
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/**
 * A MachineSet keeps {@code spec.replicas} Machines matching its selector, like a ReplicaSet keeps pods. It has a
 * {@code /scale} subresource, so {@code kubectl scale machineset NAME --replicas=N} and the cluster autoscaler
 * work on it.
 */
@Group(Machine.GROUP)
@Version(Machine.VERSION)
@Kind("MachineSet")
@Plural("machinesets")
@Singular("machineset")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".spec.replicas", type = INTEGER,
    getDescription = "Machines wanted")
@AdditionalPrinterColumn(name = "Current", jsonPath = ".status.replicas", type = INTEGER,
    getDescription = "Machines owned")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas", type = INTEGER,
    getDescription = "Machines whose Node is Ready")
// OpenShift declares Available as a string column; kept for identical kubectl output.
@JsonClassDescription("A MachineSet keeps a number of Machines made from one template running.")
@AdditionalPrinterColumn(name = "Available", jsonPath = ".status.availableReplicas", type = STRING,
    getDescription = "Machines Ready for at least minReadySeconds")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE,
    getDescription = "Time since the MachineSet was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineSet extends CustomResource<MachineSetSpec, MachineSetStatus> implements Namespaced {
}
