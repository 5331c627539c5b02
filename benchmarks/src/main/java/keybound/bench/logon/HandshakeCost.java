package keybound.bench.logon;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import keybound.server.ServerConfig;
import keybound.server.TlsContexts;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's share of a mutually authenticated TLS 1.3 handshake, measured in memory: a client
 * and a server {@link SSLEngine} exchange records through buffers, and only the CPU time of the
 * calling thread spent inside the server engine (wrap, unwrap, delegated tasks: key exchange,
 * signing, verifying the client's chain and CertificateVerify, the session ticket) is counted.
 * The server engine comes from a Jetty {@link SslContextFactory.Server} set up with the bench
 * server's key store, trust store and client-certificate demand, as the server's connector is.
 * Client keys are software keys here: signing on the token is the client's cost, not the server's.
 */
final class HandshakeCost implements AutoCloseable {

    private final SslContextFactory.Server server;
    private final SSLContext client;

    HandshakeCost(ServerConfig config, List<X509Certificate> bankCa, KeyPair clientKeys,
            X509Certificate clientCertificate) throws Exception {
        server = TlsContexts.server(config); // exactly the bank server's TLS settings
        server.start();

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < bankCa.size(); i++) {
            trust.setCertificateEntry("ca-" + i, bankCa.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyStore clientStore = KeyStore.getInstance("PKCS12");
        clientStore.load(null, null);
        char[] password = "c".toCharArray();
        clientStore.setKeyEntry("client", clientKeys.getPrivate(), password, new Certificate[] {clientCertificate});
        KeyManagerFactory clientKmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        clientKmf.init(clientStore, password);
        client = SSLContext.getInstance("TLSv1.3");
        client.init(clientKmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    /** Server-side CPU µs per full handshake: {@code batches} batch means of {@code perBatch}, after a warm-up. */
    List<Double> serverMicros(int batches, int perBatch) throws Exception {
        for (int i = 0; i < 50; i++) {
            handshake();
        }
        return ThreadCpu.reportedBatchMeans(batches, perBatch, this::handshake);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the bench server's TLS context", e);
        }
    }

    private long handshake() throws Exception {
        SSLEngine c = client.createSSLEngine("127.0.0.1", 443);
        c.setUseClientMode(true);
        SSLEngine s = server.newSSLEngine();
        s.setUseClientMode(false);
        server.customize(s);
        SSLSession session = c.getSession();
        ByteBuffer toServer = ByteBuffer.allocate(session.getPacketBufferSize() * 4);
        ByteBuffer toClient = ByteBuffer.allocate(session.getPacketBufferSize() * 4);
        ByteBuffer app = ByteBuffer.allocate(session.getApplicationBufferSize() * 2);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        long serverNanos = 0;
        // Both buffers stay in write mode between turns; a reader flips before and compacts after.
        for (int round = 0; round < 200 && !(done(c) && done(s)); round++) {
            toClient.flip();
            step(c, empty, toServer, toClient, app);
            toClient.compact();
            toServer.flip();
            long start = ThreadCpu.now();
            step(s, empty, toClient, toServer, app);
            serverNanos += ThreadCpu.now() - start;
            toServer.compact();
        }
        if (!(done(c) && done(s))) {
            throw new IllegalStateException("handshake did not finish");
        }
        if (s.getSession().getPeerCertificates().length == 0 || !"TLSv1.3".equals(s.getSession().getProtocol())) {
            throw new IllegalStateException("not a mutually authenticated TLS 1.3 handshake");
        }
        return serverNanos;
    }

    /** One engine's turn: read what arrived, write what it has to send, run its tasks. */
    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app)
            throws Exception {
        boolean progress = true;
        while (progress) {
            progress = false;
            SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
            if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                progress = true;
            } else if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = engine.wrap(empty, out);
                progress = r.bytesProduced() > 0 || r.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP;
            } else if (status == SSLEngineResult.HandshakeStatus.NEED_UNWRAP && in.position() < in.limit()) {
                app.clear();
                SSLEngineResult r = engine.unwrap(in, app);
                progress = r.bytesConsumed() > 0;
            }
        }
    }

    private static boolean done(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || status == SSLEngineResult.HandshakeStatus.FINISHED;
    }
}
