package dev.watchkeeper.connectors.logs;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Properties;

/**
 * The PostgreSQL server that holds the indexers' databases. The URL names no database: the
 * runner gives each account its own, named by the sanitised account ({@link IndexerDbNames}).
 *
 * @param query    JDBC parameters kept from the URL ({@code sslmode=verify-full&sslrootcert=...}), or ""
 * @param user     null: log in as the account's own role, as the runner does
 * @param password null when none
 */
public record PgLogServer(String host, int port, String query, String user, String password) {

    public static final int DEFAULT_PORT = 5432;

    /**
     * Reads {@code postgresql://USER:PASSWORD@HOST:PORT?PARAMS} (also {@code postgres://}) or
     * {@code jdbc:postgresql://HOST:PORT?PARAMS}. {@code user} and {@code password} are used when
     * the URL carries none (a profile keeps the password as a secret apart from the URL).
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static PgLogServer parse(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no logs database URL given");
        }
        String text = url.strip();
        String rest = text.startsWith("jdbc:") ? text.substring(5) : text;
        if (!rest.startsWith("postgresql://") && !rest.startsWith("postgres://")) {
            throw new IllegalArgumentException("logs database URL must start with postgresql:// or jdbc:postgresql:// (got '" + redact(text) + "')");
        }
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("logs database URL is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("logs database URL names no host: '" + redact(text) + "'");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            throw new IllegalArgumentException("logs database URL must not name a database ('" + path.substring(1)
                    + "'): each account's logs are in the database named after the account");
        }
        String u = user;
        String p = password;
        String info = uri.getUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            u = colon < 0 ? info : info.substring(0, colon);
            if (colon >= 0) {
                p = info.substring(colon + 1);
            }
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return new PgLogServer(uri.getHost(), port, uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                u == null || u.isBlank() ? null : u, p == null || p.isEmpty() ? null : p);
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    /** Connection properties: read-only, with the deadline as connect and socket timeouts. */
    Properties properties(String defaultUser, Duration deadline) {
        Properties p = new Properties();
        p.setProperty("user", user != null ? user : defaultUser);
        if (password != null) {
            p.setProperty("password", password);
        }
        long seconds = Math.max(1, (deadline.toMillis() + 999) / 1000);
        p.setProperty("connectTimeout", Long.toString(seconds));
        p.setProperty("loginTimeout", Long.toString(seconds));
        p.setProperty("socketTimeout", Long.toString(seconds));
        p.setProperty("readOnly", "true");
        p.setProperty("ApplicationName", "watchkeeper");
        return p;
    }

    /** host:port, for messages. */
    public String address() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static String redact(String url) {
        return url.replaceAll("://([^:/@]*):[^@/]*@", "://$1:***@");
    }

    @Override
    public String toString() {
        return "PgLogServer[" + (user == null ? "" : user + "@") + address() + (password == null ? "" : ", password set") + "]";
    }
}
