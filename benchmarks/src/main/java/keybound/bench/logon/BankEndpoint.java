package keybound.bench.logon;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A bank as its load's clients see it, wherever it runs (this JVM or a server process of its own):
 * its address, the CA chain to trust, and the users who log on, each with a session on their token.
 */
record BankEndpoint(URI base, List<X509Certificate> caChain, List<BenchBank.BenchUser> users) {
}
