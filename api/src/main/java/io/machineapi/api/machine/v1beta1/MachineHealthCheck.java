package io.machineapi.api.machine.v1beta1;

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

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/** A MachineHealthCheck replaces Machines whose Nodes stay unhealthy, unless too many are unhealthy at once. */
@JsonClassDescription("A MachineHealthCheck replaces Machines whose Nodes stay unhealthy, unless too many of the"
    + " selected Machines are unhealthy at once.")
@Group(Machine.GROUP)
@Version(Machine.VERSION)
@Kind("MachineHealthCheck")
@Plural("machinehealthchecks")
@Singular("machinehealthcheck")
@ShortNames({"mhc", "mhcs"})
@AdditionalPrinterColumn(name = "MaxUnhealthy", jsonPath = ".spec.maxUnhealthy", type = STRING,
    getDescription = "Most unhealthy Machines at which remediation still happens")
@AdditionalPrinterColumn(name = "ExpectedMachines", jsonPath = ".status.expectedMachines", type = INTEGER,
    getDescription = "Machines the check watches")
@AdditionalPrinterColumn(name = "CurrentHealthy", jsonPath = ".status.currentHealthy", type = INTEGER,
    getDescription = "Watched Machines found healthy")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineHealthCheck extends CustomResource<MachineHealthCheckSpec, MachineHealthCheckStatus>
    implements Namespaced {
}
