package keybound.token.jca;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import keybound.token.Credential;
import keybound.token.TokenSession;

/**
 * A client-side key manager over the certified keys of a {@link TokenSession}: JSSE gets the
 * certificate chain from the token and a {@link TokenPrivateKey}, so the TLS CertificateVerify is
 * signed on the token. Aliases are key labels. Requires {@link TokenProvider#install()}.
 */
public final class TokenKeyManager extends X509ExtendedKeyManager {

    private record Entry(X509Certificate[] chain, TokenPrivateKey key) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param intermediates CA certificates to send after each token certificate (may be empty)
     */
    public TokenKeyManager(TokenSession session, List<X509Certificate> intermediates) {
        for (Credential credential : session.credentials()) {
            credential.certificate().ifPresent(cert -> {
                var chain = new X509Certificate[1 + intermediates.size()];
                chain[0] = cert;
                for (int i = 0; i < intermediates.size(); i++) {
                    chain[i + 1] = intermediates.get(i);
                }
                entries.put(credential.key().label(),
                        new Entry(chain, TokenPrivateKey.of(session, credential.key(), credential.publicKey())));
            });
        }
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String[] aliases = entries.entrySet().stream()
                .filter(e -> matches(e.getValue(), keyType, issuers)).map(Map.Entry::getKey).toArray(String[]::new);
        return aliases.length == 0 ? null : aliases;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        for (String keyType : keyTypes) {
            String[] aliases = getClientAliases(keyType, issuers);
            if (aliases != null) {
                return aliases[0];
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry entry = entries.get(alias);
        return entry == null ? null : entry.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry entry = entries.get(alias);
        return entry == null ? null : entry.key();
    }

    /** A token key never serves the server side. */
    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private static boolean matches(Entry entry, String keyType, Principal[] issuers) {
        if (!entry.key().getAlgorithm().equals(keyType)) {
            return false;
        }
        if (issuers == null || issuers.length == 0) {
            return true;
        }
        return Arrays.stream(entry.chain()).anyMatch(c -> Arrays.stream(issuers)
                .anyMatch(i -> i.equals(c.getIssuerX500Principal())));
    }
}
