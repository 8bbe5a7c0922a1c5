package io.machineapi.api.autoscaling.v1beta1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/** Makes one MachineSet autoscaled between {@code spec.minReplicas} and {@code spec.maxReplicas}. */
@JsonClassDescription("A MachineAutoscaler makes one MachineSet autoscaled between minReplicas and maxReplicas.")
@Group("autoscaling.openshift.io")
@Version("v1beta1")
@Kind("MachineAutoscaler")
@Plural("machineautoscalers")
@Singular("machineautoscaler")
@ShortNames("ma")
@AdditionalPrinterColumn(name = "Ref Kind", jsonPath = ".spec.scaleTargetRef.kind", type = STRING,
    getDescription = "Kind of the autoscaled object")
@AdditionalPrinterColumn(name = "Ref Name", jsonPath = ".spec.scaleTargetRef.name", type = STRING,
    getDescription = "Name of the autoscaled object")
@AdditionalPrinterColumn(name = "Min", jsonPath = ".spec.minReplicas", type = INTEGER,
    getDescription = "Fewest replicas")
@AdditionalPrinterColumn(name = "Max", jsonPath = ".spec.maxReplicas", type = INTEGER,
    getDescription = "Most replicas")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = DATE,
    getDescription = "Time since the MachineAutoscaler was created")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineAutoscaler extends CustomResource<MachineAutoscalerSpec, MachineAutoscalerStatus>
    implements Namespaced {
  /** Finalizer held until the target's annotations are cleaned. */
  public static final String FINALIZER = "machinetarget.autoscaling.openshift.io";
}
