package io.machineapi.providers.vsphere;

import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.SoapAction;
import com.vmware.vim25.ws.WSClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * yavijava's SOAP transport with what this provider needs on every request: a connect and a read deadline, the
 * user agent {@value #USER_AGENT}, one count per request ({@link SoapCounter}), and no logging of request bodies
 * (yavijava's own transport traces them, and they carry the login password and the Ignition config).
 *
 * <p>A request that failed before its body was written (connection refused, connect timeout, TLS handshake) is
 * reported as {@link NotSentException} in the cause chain: such a call never reached vCenter and is safe to repeat.
 */
final class VimClient extends WSClient {
  static final String USER_AGENT = "machineAPIvSphereProvider";

  private final SoapCounter counter;
  private final SSLSocketFactory sockets;
  private final boolean insecure;

  VimClient(String url, boolean insecure, Duration connectTimeout, Duration readTimeout, SoapCounter counter)
      throws MalformedURLException, RemoteException {
    super(url, insecure);
    this.counter = counter;
    this.insecure = insecure;
    this.sockets = insecure ? trustAll() : (SSLSocketFactory) SSLSocketFactory.getDefault();
    setConnectTimeout((int) connectTimeout.toMillis());
    setReadTimeout((int) readTimeout.toMillis());
  }

  /** A request that never left this process. */
  static final class NotSentException extends IOException {
    NotSentException(IOException cause) {
      super("request not sent: " + cause, cause);
    }
  }

  @Override
  public Object invoke(String methodName, Argument[] paras, String returnType) throws RemoteException {
    counter.increment(methodName);
    return super.invoke(methodName, paras, returnType);
  }

  @Override
  public StringBuffer invokeAsString(String methodName, Argument[] paras) throws RemoteException {
    counter.increment(methodName);
    return super.invokeAsString(methodName, paras);
  }

  @Override
  protected InputStream post(String soapMessage) throws IOException {
    HttpURLConnection conn = (HttpURLConnection) getBaseUrl().openConnection();
    if (conn instanceof HttpsURLConnection https) {
      https.setSSLSocketFactory(sockets);
      if (insecure) {
        https.setHostnameVerifier((host, session) -> true);
      }
    }
    conn.setConnectTimeout(getConnectTimeout());
    conn.setReadTimeout(getReadTimeout());
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    conn.setDoInput(true);
    conn.setRequestProperty(SoapAction.SOAP_ACTION_HEADER.toString(), soapAction == null ? "" : soapAction);
    conn.setRequestProperty("Content-Type", "text/xml; charset=utf-8");
    conn.setRequestProperty("User-Agent", USER_AGENT);
    String session = getCookie();
    if (session != null) {
      conn.setRequestProperty("Cookie", session);
    }
    OutputStream out;
    try {
      out = conn.getOutputStream();
    } catch (IOException e) {
      throw new NotSentException(e);
    }
    try (out) {
      out.write(soapMessage.getBytes(StandardCharsets.UTF_8));
    }
    InputStream in = getInputStreamFromConnection(conn);
    if (getCookie() == null) {
      setCookie(conn.getHeaderField("Set-Cookie"));
    }
    return in;
  }

  private static SSLSocketFactory trustAll() throws RemoteException {
    TrustManager all = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {all}, new SecureRandom());
      return tls.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new RemoteException("cannot set up TLS", e);
    }
  }
}
