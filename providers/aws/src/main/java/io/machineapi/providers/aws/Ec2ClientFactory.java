package io.machineapi.providers.aws;

import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * EC2 and load-balancer clients: region, optional endpoint override (moto, LocalStack), credentials from the Machine's credentials
 * Secret ({@code aws_access_key_id}/{@code aws_secret_access_key}), else the provider configuration, else the SDK's
 * default chain. The SDK's own retries are off ({@link Ec2Calls} owns them); timeouts are short.
 */
final class Ec2ClientFactory {
  record Credentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "Credentials[" + accessKeyId + ", secret hidden]";
    }
  }

  private final Optional<String> endpoint;
  private final Credentials configured;
  private final RequestCounter counter;

  Ec2ClientFactory(Optional<String> endpoint, Optional<String> accessKeyId, Optional<String> secretAccessKey,
      RequestCounter counter) {
    this.endpoint = endpoint;
    this.configured = accessKeyId.isPresent() && secretAccessKey.isPresent()
        ? new Credentials(accessKeyId.get(), secretAccessKey.get()) : null;
    this.counter = counter;
  }

  /** The credentials the Machine's Secret holds, or null when it names none. */
  static Credentials credentials(ResolvedSecrets secrets) throws InvalidConfigurationException {
    Optional<SecretContents> secret = secrets.credentialsSecret();
    if (secret.isEmpty()) {
      return null;
    }
    Optional<String> id = secret.get().getString("aws_access_key_id");
    Optional<String> key = secret.get().getString("aws_secret_access_key");
    if (id.isEmpty() || key.isEmpty()) {
      throw new InvalidConfigurationException("providerSpec.value.credentialsSecret", "Secret "
          + secret.get().name() + " needs keys aws_access_key_id and aws_secret_access_key");
    }
    return new Credentials(id.get().trim(), key.get().trim());
  }

  /** The clients of one region and credential set: EC2 now, the load-balancer APIs when first used. */
  AwsClients build(String region, Credentials fromSecret) {
    Credentials creds = fromSecret != null ? fromSecret : configured;
    AwsCredentialsProvider provider = creds == null ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(creds.accessKeyId(), creds.secretAccessKey()));
    AwsClients.Scope scope = new AwsClients.Scope(region, creds == null ? "" : creds.accessKeyId());
    return new AwsClients(scope, configure(Ec2Client.builder(), region, provider).build(),
        () -> configure(ElasticLoadBalancingClient.builder(), region, provider).build(),
        () -> configure(ElasticLoadBalancingV2Client.builder(), region, provider).build());
  }

  /** Region, credentials, endpoint override, short timeouts, no SDK retries, the request counter. */
  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B b, String region,
      AwsCredentialsProvider provider) {
    b.region(Region.of(region)).credentialsProvider(provider)
        .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(20)))
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .addExecutionInterceptor(counter).apiCallTimeout(Duration.ofSeconds(30)));
    endpoint.ifPresent(e -> b.endpointOverride(URI.create(e)));
    return b;
  }
}
