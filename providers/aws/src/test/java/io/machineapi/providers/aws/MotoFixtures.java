package io.machineapi.providers.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The EC2 world the tests launch into, created in moto: a VPC, a tagged subnet and security group, a key pair. */
final class MotoFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  final Ec2Client ec2;
  final String vpcId;
  final String subnetId;
  final String groupId;
  final String imageId;

  MotoFixtures(URI moto) throws Exception {
    // moto's reset; LocalStack has no such endpoint (the answer is ignored there; UIDs keep the tests apart).
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.resolve("/moto-api/reset"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    ec2 = client(moto);
    vpcId = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
    subnetId = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock("10.0.1.0/24").availabilityZone("us-east-1a")
        .tagSpecifications(tagged(ResourceType.SUBNET, "workers-subnet"))).subnet().subnetId();
    groupId = ec2.createSecurityGroup(b -> b.vpcId(vpcId).groupName("workers").description("workers")
        .tagSpecifications(tagged(ResourceType.SECURITY_GROUP, "workers-sg"))).groupId();
    ec2.createKeyPair(b -> b.keyName("workers-key"));
    imageId = ec2.describeImages(b -> b.owners("amazon").filters(f -> f.name("name").values("amzn2-ami-hvm-*")))
        .images().get(0).imageId();
  }

  /** The load balancers of {@link #createLoadBalancers}: a classic one, a network one with an IP and an instance group. */
  record LoadBalancers(String classic, String network, String ipTargetGroupArn, String instanceTargetGroupArn) {}

  static LoadBalancers createLoadBalancers(URI moto, MotoFixtures world) {
    var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    try (var elb = software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient.builder()
            .endpointOverride(moto).region(Region.US_EAST_1).credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        var elbv2 = software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client.builder()
            .endpointOverride(moto).region(Region.US_EAST_1).credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      elb.createLoadBalancer(b -> b.loadBalancerName("workers-classic").availabilityZones("us-east-1a")
          .listeners(l -> l.protocol("TCP").loadBalancerPort(22623).instancePort(22623)));
      String nlb = elbv2.createLoadBalancer(b -> b.name("workers-net").subnets(world.subnetId).type("network"))
          .loadBalancers().get(0).loadBalancerArn();
      String ip = elbv2.createTargetGroup(b -> b.name("workers-ip").protocol("TCP").port(6443).vpcId(world.vpcId)
          .targetType("ip")).targetGroups().get(0).targetGroupArn();
      String instance = elbv2.createTargetGroup(b -> b.name("workers-instance").protocol("TCP").port(22623)
          .vpcId(world.vpcId).targetType("instance")).targetGroups().get(0).targetGroupArn();
      elbv2.createListener(b -> b.loadBalancerArn(nlb).protocol("TCP").port(6443)
          .defaultActions(a -> a.type("forward").targetGroupArn(ip)));
      elbv2.createListener(b -> b.loadBalancerArn(nlb).protocol("TCP").port(22623)
          .defaultActions(a -> a.type("forward").targetGroupArn(instance)));
      return new LoadBalancers("workers-classic", "workers-net", ip, instance);
    }
  }

  static Ec2Client client(URI moto) {
    return Ec2Client.builder().endpointOverride(moto).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  private static TagSpecification tagged(ResourceType type, String name) {
    return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Name").value(name).build()).build();
  }

  /** An OpenShift-style providerSpec value using the fixtures by filter. */
  JsonNode spec(Map<String, Object> extra) {
    Map<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("apiVersion", "machine.openshift.io/v1beta1");
    value.put("kind", "AWSMachineProviderConfig");
    value.put("ami", Map.of("filters", java.util.List.of(Map.of("name", "name", "values",
        java.util.List.of("amzn2-ami-hvm-*")), Map.of("name", "owner-alias", "values", java.util.List.of("amazon")))));
    value.put("instanceType", "m5.large");
    value.put("subnet", Map.of("filters", java.util.List.of(Map.of("name", "tag:Name", "values",
        java.util.List.of("workers-subnet")))));
    value.put("securityGroups", java.util.List.of(Map.of("filters", java.util.List.of(Map.of("name", "tag:Name",
        "values", java.util.List.of("workers-sg"))))));
    value.put("placement", Map.of("region", "us-east-1", "availabilityZone", "us-east-1a"));
    value.put("userDataSecret", Map.of("name", "worker-user-data"));
    value.putAll(extra);
    return JSON.valueToTree(value);
  }
}
