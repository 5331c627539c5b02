package keybound.cli.station;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keybound.bankapi.client.BankSettings;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import picocli.CommandLine.Option;

/** Where the bank is and which CA its server certificate comes from, for the station commands. */
public final class BankOptions {

    @Option(names = "--bank", paramLabel = "URL", description = "the bank's address, https://... (default: $KEYBOUND_BANK_URL, else the station profile's)")
    String url;

    @Option(names = "--bank-ca", paramLabel = "FILE", description = "the bank CA chain, PEM (default: $KEYBOUND_BANK_CA, else the station profile's)")
    Path caFile;

    public URI address(Map<String, String> environment) {
        String value = url != null ? url : environment.getOrDefault("KEYBOUND_BANK_URL", StationProfile.load(environment).bank());
        if (value == null) {
            throw new CliException(ExitCode.CONFIG, "No bank address: pass --bank https://HOST:PORT or set KEYBOUND_BANK_URL"
                    + " (acquire records it in the station profile for later commands).");
        }
        try {
            URI uri = URI.create(value);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.CONFIG, "The bank address must be an https:// URL with a host.");
        }
    }

    /** The bank to talk to: its address and CA chain. */
    public BankSettings settings(Map<String, String> environment) {
        return new BankSettings(address(environment), caChain(environment));
    }

    /** The bank CA file: {@code --bank-ca}, else {@code KEYBOUND_BANK_CA}, else the station profile's. */
    Path caFile(Map<String, String> environment) {
        String named = environment.getOrDefault("KEYBOUND_BANK_CA", StationProfile.load(environment).bankCa());
        Path file = caFile != null ? caFile : named != null ? Path.of(named) : null;
        if (file == null) {
            throw new CliException(ExitCode.CONFIG, "No bank CA: pass --bank-ca FILE (the PEM chain your bank gave you) or set"
                    + " KEYBOUND_BANK_CA (acquire records it in the station profile for later commands).");
        }
        return file;
    }

    public List<X509Certificate> caChain(Map<String, String> environment) {
        Path file = caFile(environment);
        try (InputStream in = Files.newInputStream(file)) {
            var list = new ArrayList<X509Certificate>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                list.add((X509Certificate) c);
            }
            if (list.isEmpty()) {
                throw new CliException(ExitCode.CONFIG, "No certificate in " + file + ".");
            }
            return list;
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.CONFIG, "The bank CA file " + file + " does not exist.");
        } catch (IOException | CertificateException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot read the bank CA file " + file + " as PEM certificates.");
        }
    }
}
