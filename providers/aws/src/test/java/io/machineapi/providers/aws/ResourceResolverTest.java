package io.machineapi.providers.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.machineapi.providers.aws.AwsMachineProviderConfig.AwsResourceReference;
import io.machineapi.providers.aws.AwsMachineProviderConfig.Filter;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Image;

/** Filter resolution: cached per region and credentials for the TTL, loaded once for concurrent callers. */
class ResourceResolverTest {
  private final MutableClock clock = new MutableClock();
  private final ResourceResolver resolver = new ResourceResolver(new Ec2Calls("test", 1000, Duration.ofMillis(1)),
      clock, Duration.ofSeconds(60));

  /** An EC2 answering DescribeImages with one image per call (ami-1, ami-2, …) once {@code release} opens. */
  private static final class FakeEc2 implements Ec2Client {
    final AtomicInteger calls = new AtomicInteger();
    volatile CountDownLatch release = new CountDownLatch(0);
    volatile boolean failing;

    @Override
    public DescribeImagesResponse describeImages(DescribeImagesRequest request) {
      int n = calls.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failing) {
        throw (Ec2Exception) Ec2Exception.builder().statusCode(500)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").errorMessage("down").build())
            .build();
      }
      return DescribeImagesResponse.builder().images(Image.builder().imageId("ami-" + n).creationDate("2026").build())
          .build();
    }

    @Override
    public String serviceName() {
      return "ec2";
    }

    @Override
    public void close() {}
  }

  private static AwsMachineProviderConfig spec(String imageName) {
    return new AwsMachineProviderConfig(new AwsResourceReference(null, null,
        List.of(new Filter("name", List.of(imageName)))), null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null);
  }

  private static AwsClients clients(FakeEc2 ec2, String region, String accessKeyId) {
    return new AwsClients(new AwsClients.Scope(region, accessKeyId), ec2, () -> null, () -> null);
  }

  @Test
  void anAnswerIsReusedForTheTtlThenAskedAgain() throws Exception {
    FakeEc2 ec2 = new FakeEc2();
    AwsClients aws = clients(ec2, "us-east-1", "AKID1");

    assertThat(resolver.resolve(aws, spec("rhcos-*")).imageId()).isEqualTo("ami-1");
    clock.advance(Duration.ofSeconds(59));
    assertThat(resolver.resolve(aws, spec("rhcos-*")).imageId()).isEqualTo("ami-1");
    assertThat(ec2.calls).hasValue(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(resolver.resolve(aws, spec("rhcos-*")).imageId()).isEqualTo("ami-2");
    assertThat(ec2.calls).hasValue(2);
  }

  @Test
  void theKeyIsTheFilterTheRegionAndTheCredentialsByValue() throws Exception {
    FakeEc2 ec2 = new FakeEc2();
    resolver.resolve(clients(ec2, "us-east-1", "AKID1"), spec("rhcos-*"));
    // Equal values, other objects: the same entry.
    resolver.resolve(clients(ec2, "us-east-1", "AKID1"), spec("rhcos-*"));
    assertThat(ec2.calls).hasValue(1);

    resolver.resolve(clients(ec2, "eu-west-1", "AKID1"), spec("rhcos-*"));
    resolver.resolve(clients(ec2, "us-east-1", "AKID2"), spec("rhcos-*"));
    resolver.resolve(clients(ec2, "us-east-1", "AKID1"), spec("other-*"));
    assertThat(ec2.calls).hasValue(4);
  }

  @Test
  void concurrentResolutionsOfOneFilterSendOneRequest() throws Exception {
    FakeEc2 ec2 = new FakeEc2();
    ec2.release = new CountDownLatch(1);
    AwsClients aws = clients(ec2, "us-east-1", "AKID1");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> resolver.resolve(aws, spec("rhcos-*")).imageId()));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> ec2.calls.get() == 1);
      ec2.release.countDown();
      for (Future<String> f : answers) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("ami-1");
      }
      assertThat(ec2.calls).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedLookupIsNotCached() throws Exception {
    FakeEc2 ec2 = new FakeEc2();
    ec2.failing = true;
    AwsClients aws = clients(ec2, "us-east-1", "AKID1");

    assertThatThrownBy(() -> resolver.resolve(aws, spec("rhcos-*")))
        .isInstanceOf(TransientProviderException.class).hasMessageContaining("InternalError");
    ec2.failing = false;
    int before = ec2.calls.get();

    assertThat(resolver.resolve(aws, spec("rhcos-*")).imageId()).isEqualTo("ami-" + (before + 1));
  }
}
