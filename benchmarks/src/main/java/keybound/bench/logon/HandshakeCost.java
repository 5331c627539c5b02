package keybound.bench.logon;

import java.nio.ByteBuffer;
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

/**
 * The server's share of a mutually authenticated TLS 1.3 handshake, measured in memory: a client
 * and a server {@link SSLEngine} exchange records through buffers, and only the time spent inside
 * the server engine (wrap, unwrap, delegated tasks: key exchange, signing, verifying the client's
 * chain and CertificateVerify) is counted. Client keys are software keys here: signing on the
 * token is the client's cost, not the server's.
 */
final class HandshakeCost {

    private final SSLContext server;
    private final SSLContext client;

    HandshakeCost(KeyStore serverKeys, char[] serverPassword, List<X509Certificate> bankCa, java.security.KeyPair clientKeys,
            X509Certificate clientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < bankCa.size(); i++) {
            trust.setCertificateEntry("ca-" + i, bankCa.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory serverKmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        serverKmf.init(serverKeys, serverPassword);
        server = SSLContext.getInstance("TLSv1.3");
        server.init(serverKmf.getKeyManagers(), tmf.getTrustManagers(), null);

        KeyStore clientStore = KeyStore.getInstance("PKCS12");
        clientStore.load(null, null);
        char[] password = "c".toCharArray();
        clientStore.setKeyEntry("client", clientKeys.getPrivate(), password, new Certificate[] {clientCertificate});
        KeyManagerFactory clientKmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        clientKmf.init(clientStore, password);
        client = SSLContext.getInstance("TLSv1.3");
        client.init(clientKmf.getKeyManagers(), tmf.getTrustManagers(), null);
    }

    /** Mean server-side nanoseconds per full handshake over {@code count} handshakes (after a warm-up). */
    double serverNanosPerHandshake(int count) throws Exception {
        for (int i = 0; i < Math.min(50, count); i++) {
            handshake();
        }
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += handshake();
        }
        return (double) total / count;
    }

    private long handshake() throws Exception {
        SSLEngine c = client.createSSLEngine("127.0.0.1", 443);
        c.setUseClientMode(true);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        s.setNeedClientAuth(true);
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
            long start = System.nanoTime();
            step(s, empty, toClient, toServer, app);
            serverNanos += System.nanoTime() - start;
            toServer.compact();
        }
        if (!(done(c) && done(s))) {
            throw new IllegalStateException("handshake did not finish");
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
