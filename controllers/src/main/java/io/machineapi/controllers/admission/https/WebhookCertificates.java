package io.machineapi.controllers.admission.https;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The webhook server's TLS material, in the layout controller-runtime operators use: {@value #CERT} and
 * {@value #KEY} (PEM) in one directory, as a mounted Secret of cert-manager or of OpenShift's service CA provides
 * them. When the directory holds neither, a self-signed CA ({@value #CA}) and a serving certificate for the given DNS
 * names are generated and written there (ECDSA P-256, valid {@value #VALIDITY_DAYS} days; no rotation: a new Pod
 * generates new ones). PEM parsing and certificate building are BouncyCastle's; the keys and signatures use the
 * JDK's own providers.
 */
public final class WebhookCertificates {

  public static final String CERT = "tls.crt";
  public static final String KEY = "tls.key";
  public static final String CA = "ca.crt";
  public static final int VALIDITY_DAYS = 3650;

  /**
   * @param sslContext serves the certificate
   * @param generatedCa the PEM of the CA when it was generated now (to patch into the webhook configurations'
   *     {@code caBundle}); empty when the certificate was provided
   */
  public record Material(SSLContext sslContext, Optional<String> generatedCa) {}

  private WebhookCertificates() {}

  /**
   * Loads {@code dir}/{@value #CERT} and {@value #KEY}, or generates them (and {@value #CA}) when neither exists.
   *
   * @param dnsNames the serving certificate's names, e.g. {@code machine-api-webhook.openshift-machine-api.svc}
   * @throws IllegalStateException when only one of the two files exists or they cannot be read
   */
  public static Material loadOrGenerate(Path dir, List<String> dnsNames) {
    Path cert = dir.resolve(CERT);
    Path key = dir.resolve(KEY);
    boolean hasCert = Files.exists(cert);
    if (hasCert != Files.exists(key)) {
      throw new IllegalStateException("webhook certificate directory " + dir + " holds only one of " + CERT + " and "
          + KEY + "; provide both, or neither to have them generated");
    }
    Optional<String> generated = Optional.empty();
    if (!hasCert) {
      generated = Optional.of(generate(dir, dnsNames, Instant.now()));
    }
    return new Material(sslContext(cert, key), generated);
  }

  /** Writes a new CA and serving certificate into {@code dir}; returns the CA's PEM. */
  public static String generate(Path dir, List<String> dnsNames, Instant now) {
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("a serving certificate needs at least one DNS name");
    }
    try {
      Files.createDirectories(dir);
      KeyPair caKeys = keyPair();
      X500Name caName = new X500Name("CN=machine-api-webhook-ca");
      Date from = Date.from(now.minus(Duration.ofHours(1)));
      Date until = Date.from(now.plus(Duration.ofDays(VALIDITY_DAYS)));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, until, caName,
          caKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate ca = sign(caBuilder, caKeys.getPrivate());

      KeyPair servingKeys = keyPair();
      ASN1Encodable[] names = dnsNames.stream().map(n -> new GeneralName(GeneralName.dNSName, n))
          .toArray(ASN1Encodable[]::new);
      X509v3CertificateBuilder servingBuilder = new JcaX509v3CertificateBuilder(ca, serial(), from, until,
          new X500Name("CN=" + dnsNames.get(0)), servingKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false,
              GeneralNames.getInstance(new org.bouncycastle.asn1.DERSequence(names)))
          .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(ca));
      X509Certificate serving = sign(servingBuilder, caKeys.getPrivate());

      String caPem = pem(ca);
      Files.writeString(dir.resolve(CA), caPem);
      Files.writeString(dir.resolve(CERT), pem(serving));
      Path key = dir.resolve(KEY);
      Files.writeString(key, pem(new JcaPKCS8Generator(servingKeys.getPrivate(), null)));
      try {
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the directory's own permissions protect the key
      }
      return caPem;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the webhook certificate to " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate the webhook certificate: " + e.getMessage(), e);
    }
  }

  /** A TLS server context for the PEM certificate chain {@code cert} and its private key {@code key}. */
  public static SSLContext sslContext(Path cert, Path key) {
    try {
      List<? extends Certificate> chain = certificates(Files.readAllBytes(cert));
      if (chain.isEmpty()) {
        throw new IllegalStateException(cert + " holds no certificate");
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("webhook", privateKey(key), password, chain.toArray(Certificate[]::new));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the webhook certificate " + cert + " / " + key + ": "
          + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("unusable webhook certificate " + cert + " / " + key + ": " + e.getMessage(), e);
    }
  }

  /** Every certificate of a PEM bundle. */
  public static List<X509Certificate> certificates(byte[] pem) throws java.security.cert.CertificateException {
    return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
        .map(X509Certificate.class::cast).toList();
  }

  /** PEM of a certificate. */
  public static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object instanceof JcaPKCS8Generator g ? g.generate() : object);
    }
    return out.toString();
  }

  private static PrivateKey privateKey(Path key) throws IOException {
    try (Reader reader = Files.newBufferedReader(key, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object read = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (read instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      if (read instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      throw new IOException(key + " holds no unencrypted PEM private key");
    }
  }

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws OperatorCreationException, java.security.cert.CertificateException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
  }
}
