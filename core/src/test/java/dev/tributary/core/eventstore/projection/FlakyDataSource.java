package dev.tributary.core.eventstore.projection;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source over a JDBC URL that fails on demand, as a database does when it goes away: while {@link #broken},
 * new connections are refused and open ones refuse to commit or to prepare (rolling back still works).
 */
public final class FlakyDataSource implements DataSource {
    private static final Set<String> REFUSED = Set.of("commit", "prepareStatement", "createStatement");

    private final String url;
    private final String user;
    public volatile boolean broken;

    public FlakyDataSource(String url, String user) {
        this.url = url;
        this.user = user;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (broken) {
            throw new SQLException("injected: the database is away");
        }
        Connection real = DriverManager.getConnection(url, user, null);
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (broken && REFUSED.contains(method.getName())) {
                        throw new SQLException("injected: the connection broke");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
