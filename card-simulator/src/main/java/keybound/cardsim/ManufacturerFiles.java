package keybound.cardsim;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files of a simulated manufacturer: its certificate, and its key (owner-only). */
final class ManufacturerFiles {

    private ManufacturerFiles() {
    }

    static X509Certificate readCertificate(Path file) throws IOException {
        if (!(read(file) instanceof X509CertificateHolder holder)) {
            throw new IOException(file + " holds no certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(file + " holds no usable certificate", e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        if (!(read(file) instanceof PrivateKeyInfo info)) {
            throw new IOException(file + " holds no PKCS#8 private key");
        }
        return new JcaPEMKeyConverter().getPrivateKey(info);
    }

    static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        replace(file, pem(certificate), false);
    }

    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        replace(file, pem(new JcaPKCS8Generator(key, null)), true);
    }

    /** Writes {@code text} beside {@code file}, then renames it into place, so another process reads all of it or nothing. */
    private static void replace(Path file, String text, boolean ownerOnly) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        if (ownerOnly) {
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temporary); // not a POSIX file system
            }
        } else {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    private static Object read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        }
    }

    private static String pem(Object object) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
