package io.machineapi.api.autoscaling.v1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Cluster-scoped autoscaler settings; only the object named {@value #SINGLETON_NAME} is acted on. */
@JsonClassDescription("Cluster-wide settings of the cluster autoscaler. Only the object named default is acted on.")
@Group(ClusterAutoscaler.GROUP)
@Version("v1")
@Kind("ClusterAutoscaler")
@Plural("clusterautoscalers")
@Singular("clusterautoscaler")
@ShortNames("ca")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterAutoscaler extends CustomResource<ClusterAutoscalerSpec, ClusterAutoscalerStatus> {
  public static final String GROUP = "autoscaling.openshift.io";
  public static final String SINGLETON_NAME = "default";
}
