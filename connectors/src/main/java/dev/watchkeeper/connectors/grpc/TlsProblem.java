package dev.watchkeeper.connectors.grpc;

import javax.net.ssl.SSLException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Locale;

/** Turns TLS handshake failures (buried in an UNAVAILABLE status) into words an operator can act on. */
final class TlsProblem {

    private TlsProblem() {
    }

    /** A clear description, or null when {@code cause} is not a TLS problem. */
    static String describe(Throwable cause, String endpoint) {
        boolean ssl = false;
        boolean untrusted = false;
        StringBuilder text = new StringBuilder();
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            ssl |= c instanceof SSLException;
            untrusted |= c instanceof CertPathBuilderException || c instanceof CertificateException;
            if (c.getMessage() != null) {
                text.append(c.getMessage().toLowerCase(Locale.ROOT)).append(' ');
            }
        }
        String all = text.toString();
        if (untrusted || all.contains("pkix path") || all.contains("unable to find valid certification path")) {
            return "TLS: the certificate of " + endpoint + " is not trusted by the configured CA"
                    + " (check the profile's CA file, or that the server presents the right certificate)";
        }
        if (all.contains("no subject alternative") || all.contains("hostname") && all.contains("match")) {
            return "TLS: the certificate of " + endpoint + " does not name that host (subject alternative names do not match the target)";
        }
        if (all.contains("certificate_required") || all.contains("bad_certificate") || all.contains("unknown_ca")
                || all.contains("certificate_unknown")) {
            return "TLS: " + endpoint + " refused the client certificate (mTLS): it requires one signed by a CA it trusts;"
                    + " set or fix the profile's client certificate and key";
        }
        if (ssl || all.contains("ssl") || all.contains("tls")) {
            return "TLS handshake with " + endpoint + " failed (is the server speaking TLS, and plaintext turned off only when it does?)";
        }
        return null;
    }
}
