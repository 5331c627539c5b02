package keybound.cli.station;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/** Presents one chosen certificate of a token, whatever else the token holds. */
final class ChosenKeyManager extends X509ExtendedKeyManager {

    private final X509ExtendedKeyManager token;
    private final String alias;

    ChosenKeyManager(X509ExtendedKeyManager token, String alias) {
        this.token = token;
        this.alias = alias;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {alias};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return alias;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return alias;
    }

    @Override
    public X509Certificate[] getCertificateChain(String name) {
        return token.getCertificateChain(name);
    }

    @Override
    public PrivateKey getPrivateKey(String name) {
        return token.getPrivateKey(name);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
