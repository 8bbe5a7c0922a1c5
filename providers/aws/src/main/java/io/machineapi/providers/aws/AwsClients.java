package io.machineapi.providers.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * The clients of one region and credential set. EC2 is built at once; the classic (ELB) and network (ELBv2)
 * load-balancer clients only when a Machine names a load balancer of that type.
 */
final class AwsClients implements AutoCloseable {
  /**
   * The region and credential set these clients call with, as a value: what EC2 answers depends on it. The access
   * key id identifies the credentials (it is no secret); empty for the SDK's default chain.
   */
  record Scope(String region, String accessKeyId) {}

  private final Scope scope;
  private final Ec2Client ec2;
  private final Supplier<ElasticLoadBalancingClient> classicFactory;
  private final Supplier<ElasticLoadBalancingV2Client> networkFactory;
  private ElasticLoadBalancingClient classic;
  private ElasticLoadBalancingV2Client network;

  AwsClients(Scope scope, Ec2Client ec2, Supplier<ElasticLoadBalancingClient> classicFactory,
      Supplier<ElasticLoadBalancingV2Client> networkFactory) {
    this.scope = scope;
    this.ec2 = ec2;
    this.classicFactory = classicFactory;
    this.networkFactory = networkFactory;
  }

  Scope scope() {
    return scope;
  }

  Ec2Client ec2() {
    return ec2;
  }

  synchronized ElasticLoadBalancingClient classic() {
    if (classic == null) {
      classic = classicFactory.get();
    }
    return classic;
  }

  synchronized ElasticLoadBalancingV2Client network() {
    if (network == null) {
      network = networkFactory.get();
    }
    return network;
  }

  @Override
  public synchronized void close() {
    ec2.close();
    if (classic != null) {
      classic.close();
    }
    if (network != null) {
      network.close();
    }
  }
}
