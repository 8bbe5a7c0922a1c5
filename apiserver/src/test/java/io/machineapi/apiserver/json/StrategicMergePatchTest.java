package io.machineapi.apiserver.json;

import static io.machineapi.apiserver.json.JsonMergePatchTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

  private static JsonNode apply(String kind, String target, String patch) {
    return StrategicMergePatch.apply(kind, json(target), json(patch));
  }

  @Nested
  class KubectlPatches {

    @Test
    void cordonSetsUnschedulableAndUncordonRemovesIt() {
      String node = "{'metadata':{'name':'n1'},'spec':{'providerID':'sim://n1'}}";
      JsonNode cordoned = apply("Node", node, "{'spec':{'unschedulable':true}}");
      assertThat(cordoned).isEqualTo(json(
          "{'metadata':{'name':'n1'},'spec':{'providerID':'sim://n1','unschedulable':true}}"));

      JsonNode uncordoned = StrategicMergePatch.apply("Node", cordoned, json("{'spec':{'unschedulable':null}}"));
      assertThat(uncordoned).isEqualTo(json(node));
    }

    @Test
    void labelAddsAndOverwritesAndTheDashFormRemoves() {
      String node = "{'metadata':{'name':'n1','labels':{'a':'1','b':'2'}}}";
      assertThat(apply("Node", node, "{'metadata':{'labels':{'b':'3','c':'4'}}}"))
          .isEqualTo(json("{'metadata':{'name':'n1','labels':{'a':'1','b':'3','c':'4'}}}"));
      assertThat(apply("Node", node, "{'metadata':{'labels':{'a':null}}}"))
          .isEqualTo(json("{'metadata':{'name':'n1','labels':{'b':'2'}}}"));
    }

    @Test
    void applyPatchWithSetElementOrderAndRetainKeysLeavesNoDirectives() {
      String pod = """
          {'spec':{'containers':[{'name':'app','image':'v1','env':[{'name':'A','value':'1'}]}],
              'volumes':[{'name':'data','emptyDir':{}}]}}""";
      // What kubectl apply sends after adding env B, a sidecar, and switching the volume to a secret.
      String patch = """
          {'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'app'}],
              'containers':[{'name':'sidecar','image':'s1'},
                     {'name':'app','$setElementOrder/env':[{'name':'A'},{'name':'B'}],
                      'env':[{'name':'B','value':'2'}]}],
              '$setElementOrder/volumes':[{'name':'data'}],
              'volumes':[{'name':'data','$retainKeys':['name','secret'],
                    'secret':{'secretName':'s'},'emptyDir':null}]}}""";
      assertThat(apply("Pod", pod, patch)).isEqualTo(json("""
          {'spec':{'containers':[{'name':'sidecar','image':'s1'},
                     {'name':'app','image':'v1',
                      'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}],
              'volumes':[{'name':'data','secret':{'secretName':'s'}}]}}"""));
    }
  }

  @Nested
  class MergeKeysOfNodes {

    @Test
    void conditionsMergeByTypeAndNewOnesComeFirst() {
      String node = """
          {'status':{'conditions':[{'type':'Ready','status':'False','reason':'KubeletNotReady'},
                      {'type':'MemoryPressure','status':'False'}]}}""";
      JsonNode patched = apply("Node", node, """
          {'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'DiskPressure','status':'False'}]}}""");
      // Kubernetes orders patched items by the patch and interleaves server-only ones by their old index.
      assertThat(patched).isEqualTo(json("""
          {'status':{'conditions':[{'type':'Ready','status':'True','reason':'KubeletNotReady'},
                      {'type':'DiskPressure','status':'False'},
                      {'type':'MemoryPressure','status':'False'}]}}"""));
    }

    @Test
    void kubeletStatusPatchKeepsTheOrderItAsksFor() {
      String node = "{'status':{'conditions':[{'type':'MemoryPressure'},{'type':'Ready','status':'False'}]}}";
      JsonNode patched = apply("Node", node, """
          {'status':{'$setElementOrder/conditions':[{'type':'MemoryPressure'},{'type':'Ready'}],
               'conditions':[{'type':'Ready','status':'True'}]}}""");
      assertThat(patched).isEqualTo(json(
          "{'status':{'conditions':[{'type':'MemoryPressure'},{'type':'Ready','status':'True'}]}}"));
    }

    @Test
    void addressesMergeByType() {
      String node = "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}]}}";
      assertThat(apply("Node", node, "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}"))
          .isEqualTo(json("""
              {'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'},
                          {'type':'Hostname','address':'n1'}]}}"""));
    }

    @Test
    void taintsHaveNoPatchStrategyAndAreReplaced() {
      String node = "{'spec':{'taints':[{'key':'a','effect':'NoSchedule'},{'key':'b','effect':'NoExecute'}]}}";
      assertThat(apply("Node", node, "{'spec':{'taints':[{'key':'c','effect':'NoSchedule'}]}}"))
          .isEqualTo(json("{'spec':{'taints':[{'key':'c','effect':'NoSchedule'}]}}"));
    }

    @Test
    void podCidrsMergeAsPrimitives() {
      assertThat(apply("Node", "{'spec':{'podCIDRs':['10.0.0.0/24']}}", "{'spec':{'podCIDRs':['fd00::/64']}}"))
          .isEqualTo(json("{'spec':{'podCIDRs':['fd00::/64','10.0.0.0/24']}}"));
    }
  }

  @Nested
  class ObjectMetaLists {

    @Test
    void finalizersMergeAsASetWithNewValuesFirst() {
      assertThat(apply("Node", "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'finalizers':['c','a']}}"))
          .isEqualTo(json("{'metadata':{'finalizers':['c','a','b']}}"));
    }

    @Test
    void deleteFromPrimitiveListRemovesFinalizers() {
      assertThat(apply("Pod", "{'metadata':{'finalizers':['a','b','c']}}",
          "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','x']}}"))
          .isEqualTo(json("{'metadata':{'finalizers':['a','c']}}"));
    }

    @Test
    void deleteFromPrimitiveListOfAMissingListStoresNothing() {
      assertThat(apply("Pod", "{'metadata':{}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}"))
          .isEqualTo(json("{'metadata':{}}"));
    }

    @Test
    void ownerReferencesMergeByUid() {
      String pod = "{'metadata':{'ownerReferences':[{'uid':'1','kind':'ReplicaSet','name':'rs'}]}}";
      assertThat(apply("Pod", pod,
          "{'metadata':{'ownerReferences':[{'uid':'1','controller':true},{'uid':'2','kind':'Node','name':'n'}]}}"))
          .isEqualTo(json("""
              {'metadata':{'ownerReferences':[{'uid':'1','kind':'ReplicaSet','name':'rs','controller':true},
                             {'uid':'2','kind':'Node','name':'n'}]}}"""));
    }
  }

  @Nested
  class MergeKeysOfPods {

    private static final String POD = """
        {'spec':{'containers':[{'name':'app','image':'v1',
                    'ports':[{'containerPort':80,'name':'http'},{'containerPort':443}],
                    'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                    'volumeMounts':[{'mountPath':'/data','name':'data'}]},
                   {'name':'sidecar','image':'s1'}],
            'initContainers':[{'name':'init','image':'i1'}],
            'volumes':[{'name':'data','emptyDir':{}}],
            'tolerations':[{'key':'a','operator':'Exists'}]},
        'status':{'conditions':[{'type':'Ready','status':'False'}],
             'containerStatuses':[{'name':'app','ready':false},{'name':'sidecar','ready':true}],
             'podIPs':[{'ip':'10.1.0.5'}]}}""";

    @Test
    void containersMergeByNameAndTheirListsByTheirKeys() {
      JsonNode patched = apply("Pod", POD, """
          {'spec':{'containers':[{'name':'app','image':'v2',
                      'ports':[{'containerPort':80,'name':'web'}],
                      'env':[{'name':'B','value':'3'}],
                      'volumeMounts':[{'mountPath':'/data','readOnly':true}]}]}}""");
      JsonNode app = patched.at("/spec/containers/0");
      assertThat(app.get("image").asText()).isEqualTo("v2");
      assertThat(app.get("ports")).isEqualTo(json("[{'containerPort':80,'name':'web'},{'containerPort':443}]"));
      assertThat(app.get("env")).isEqualTo(json("[{'name':'A','value':'1'},{'name':'B','value':'3'}]"));
      assertThat(app.get("volumeMounts")).isEqualTo(json("[{'mountPath':'/data','name':'data','readOnly':true}]"));
      assertThat(patched.at("/spec/containers/1")).isEqualTo(json("{'name':'sidecar','image':'s1'}"));
    }

    @Test
    void initAndEphemeralContainersMergeByName() {
      JsonNode patched = apply("Pod", POD, """
          {'spec':{'initContainers':[{'name':'init','image':'i2'}],
              'ephemeralContainers':[{'name':'debug','image':'busybox'}]}}""");
      assertThat(patched.at("/spec/initContainers")).isEqualTo(json("[{'name':'init','image':'i2'}]"));
      assertThat(patched.at("/spec/ephemeralContainers")).isEqualTo(json("[{'name':'debug','image':'busybox'}]"));

      JsonNode again = StrategicMergePatch.apply("Pod", patched,
          json("{'spec':{'ephemeralContainers':[{'name':'debug2','image':'b'}]}}"));
      assertThat(again.at("/spec/ephemeralContainers")).isEqualTo(
          json("[{'name':'debug2','image':'b'},{'name':'debug','image':'busybox'}]"));
    }

    @Test
    void volumesMergeByName() {
      assertThat(apply("Pod", POD, "{'spec':{'volumes':[{'name':'cfg','configMap':{'name':'c'}}]}}")
          .at("/spec/volumes")).isEqualTo(json("[{'name':'cfg','configMap':{'name':'c'}},{'name':'data','emptyDir':{}}]"));
    }

    @Test
    void tolerationsAndContainerStatusesAreReplaced() {
      JsonNode patched = apply("Pod", POD, """
          {'spec':{'tolerations':[{'key':'b','operator':'Exists'}]},
          'status':{'containerStatuses':[{'name':'app','ready':true}]}}""");
      assertThat(patched.at("/spec/tolerations")).isEqualTo(json("[{'key':'b','operator':'Exists'}]"));
      assertThat(patched.at("/status/containerStatuses")).isEqualTo(json("[{'name':'app','ready':true}]"));
    }

    @Test
    void statusConditionsMergeByTypeAndPodIpsByIp() {
      JsonNode patched = apply("Pod", POD, """
          {'status':{'conditions':[{'type':'Ready','status':'True'}],'podIPs':[{'ip':'fd00::5'}]}}""");
      assertThat(patched.at("/status/conditions")).isEqualTo(json("[{'type':'Ready','status':'True'}]"));
      assertThat(patched.at("/status/podIPs")).isEqualTo(json("[{'ip':'fd00::5'},{'ip':'10.1.0.5'}]"));
    }

    @Test
    void podTemplatesOfWorkloadsUseTheSameKeys() {
      String deployment = "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'1'}]}}}}";
      assertThat(apply("Deployment", deployment, "{'spec':{'template':{'spec':{'containers':[{'name':'b','image':'2'}]}}}}")
          .at("/spec/template/spec/containers"))
          .isEqualTo(json("[{'name':'a','image':'1'},{'name':'b','image':'2'}]"));
    }

    @Test
    void numericMergeKeysMatchRegardlessOfRepresentation() {
      JsonNode patched = apply("Pod", POD,
          "{'spec':{'containers':[{'name':'app','ports':[{'containerPort':443.0,'protocol':'TCP'}]}]}}");
      assertThat(patched.at("/spec/containers/0/ports")).hasSize(2);
      assertThat(patched.at("/spec/containers/0/ports/1/protocol").asText()).isEqualTo("TCP");
    }
  }

  @Nested
  class Directives {

    @Test
    void patchReplaceOnAMapReplacesItAndDropsTheMarker() {
      assertThat(apply("Node", "{'metadata':{'labels':{'a':'1','b':'2'}}}",
          "{'metadata':{'labels':{'$patch':'replace','c':'3'}}}"))
          .isEqualTo(json("{'metadata':{'labels':{'c':'3'}}}"));
    }

    @Test
    void patchDeleteOnAMapEmptiesIt() {
      assertThat(apply("Node", "{'metadata':{'labels':{'a':'1'}},'spec':{'x':1}}",
          "{'metadata':{'labels':{'$patch':'delete'}}}"))
          .isEqualTo(json("{'metadata':{'labels':{}},'spec':{'x':1}}"));
    }

    @Test
    void patchReplaceInAListReplacesTheWholeList() {
      JsonNode patched = apply("Pod", "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b'}]}}",
          "{'spec':{'containers':[{'$patch':'replace'},{'name':'c','image':'3'}]}}");
      assertThat(patched).isEqualTo(json("{'spec':{'containers':[{'name':'c','image':'3'}]}}"));
    }

    @Test
    void patchDeleteInAListRemovesTheElementWithThatKey() {
      JsonNode patched = apply("Node", "{'status':{'conditions':[{'type':'Ready'},{'type':'Stale'}]}}",
          "{'status':{'conditions':[{'type':'Stale','$patch':'delete'}]}}");
      assertThat(patched).isEqualTo(json("{'status':{'conditions':[{'type':'Ready'}]}}"));
    }

    @Test
    void patchMergeIsRejectedInMapsAndListsLikeKubernetes() {
      assertThatThrownBy(() -> apply("Node", "{'metadata':{'labels':{}}}", "{'metadata':{'labels':{'$patch':'merge'}}}"))
          .isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e).hasMessageStartingWith("unknown patch type: merge in map");
          });
      assertThatThrownBy(() -> apply("Node", "{'status':{'conditions':[{'type':'A'}]}}",
          "{'status':{'conditions':[{'$patch':'merge'}]}}"))
          .hasMessage("merging lists cannot yet be specified in the patch");
    }

    @Test
    void retainKeysClearsUnlistedKeysOfTheOriginal() {
      JsonNode patched = apply("Deployment", "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
          "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
      assertThat(patched).isEqualTo(json("{'spec':{'strategy':{'type':'Recreate'}}}"));
    }

    @Test
    void retainKeysMustListEveryPatchedKey() {
      assertThatThrownBy(() -> apply("Deployment", "{'spec':{'strategy':{}}}",
          "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}"))
          .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(422));
      assertThatThrownBy(() -> apply("Deployment", "{}", "{'spec':{'$retainKeys':'type'}}"))
          .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
    }

    @Test
    void setElementOrderOrdersAPrimitiveListAndIsNotStored() {
      JsonNode patched = apply("Node", "{'metadata':{'finalizers':['a','b']}}",
          "{'metadata':{'$setElementOrder/finalizers':['b','c','a'],'finalizers':['c']}}");
      assertThat(patched).isEqualTo(json("{'metadata':{'finalizers':['b','c','a']}}"));
    }

    @Test
    void setElementOrderAloneReordersTheExistingList() {
      JsonNode patched = apply("Pod", "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}",
          "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}");
      assertThat(patched).isEqualTo(json("{'spec':{'containers':[{'name':'b'},{'name':'a'}]}}"));
    }

    @Test
    void setElementOrderThatContradictsThePatchIsRejected() {
      assertThatThrownBy(() -> apply("Pod", "{'spec':{'containers':[]}}",
          "{'spec':{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],'containers':[{'name':'b'},{'name':'a'}]}}"))
          .hasMessageContaining("doesn't match $setElementOrder list");
    }

    @Test
    void directivesInsideNewFieldsAreNotStored() {
      JsonNode patched = apply("Pod", "{'metadata':{'name':'p'}}", """
          {'spec':{'containers':[{'name':'gone','$patch':'delete'},{'name':'kept','env':[{'$patch':'replace'},{'name':'A'}]}],
              'affinity':{'$patch':'replace','nodeAffinity':{'x':null,'y':1}}}}""");
      assertThat(patched).isEqualTo(json("""
          {'metadata':{'name':'p'},'spec':{'containers':[{'name':'kept','env':[{'name':'A'}]}],
                          'affinity':{'nodeAffinity':{'y':1}}}}"""));
    }

    @Test
    void aMergeListElementWithoutItsKeyIsAnError() {
      assertThatThrownBy(() -> apply("Node", "{'status':{'conditions':[{'type':'Ready'}]}}",
          "{'status':{'conditions':[{'status':'True'}]}}"))
          .isInstanceOfSatisfying(PatchException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e).hasMessageContaining("does not contain declared merge key: type");
          });
    }

    @Test
    void listsOfListsAreRejected() {
      assertThatThrownBy(() -> apply("Node", "{'metadata':{'finalizers':[['a']]}}", "{'metadata':{'finalizers':[['b']]}}"))
          .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(422));
    }
  }

  @Nested
  class UnknownKindsAndEdges {

    @Test
    void unknownKindsReplaceEveryListLikeAMergePatch() {
      String machineSet = "{'metadata':{'finalizers':['a'],'labels':{'x':'1'}},'status':{'conditions':[{'type':'A'}]}}";
      String patch = "{'metadata':{'finalizers':['b'],'labels':{'x':null}},'status':{'conditions':[{'type':'B'}]}}";
      assertThat(StrategicMergePatch.knowsKind("MachineSet")).isFalse();
      assertThat(apply("MachineSet", machineSet, patch))
          .isEqualTo(JsonMergePatch.apply(json(machineSet), json(patch)))
          .isEqualTo(json("{'metadata':{'finalizers':['b'],'labels':{}},'status':{'conditions':[{'type':'B'}]}}"));
    }

    @Test
    void knowsTheBuiltInKindsItHasTagsFor() {
      assertThat(StrategicMergePatch.knowsKind("Node")).isTrue();
      assertThat(StrategicMergePatch.knowsKind("Pod")).isTrue();
      assertThat(StrategicMergePatch.knowsKind("ConfigMap")).isTrue();
    }

    @Test
    void aNonObjectPatchIsABadRequestAndNullChangesNothing() {
      assertThatThrownBy(() -> apply("Node", "{}", "[1]"))
          .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
      assertThat(apply("Node", "{'a':1}", "null")).isEqualTo(json("{'a':1}"));
    }

    @Test
    void leavesItsArgumentsUntouched() {
      JsonNode target = json("{'metadata':{'finalizers':['a'],'labels':{'x':'1'}}}");
      JsonNode patch = json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'labels':{'$patch':'replace'}}}");
      JsonNode result = StrategicMergePatch.apply("Node", target, patch);
      assertThat(result).isEqualTo(json("{'metadata':{'finalizers':[],'labels':{}}}"));
      assertThat(target).isEqualTo(json("{'metadata':{'finalizers':['a'],'labels':{'x':'1'}}}"));
      assertThat(patch).isEqualTo(
          json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'labels':{'$patch':'replace'}}}"));
    }
  }
}
