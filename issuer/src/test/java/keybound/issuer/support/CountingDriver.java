package keybound.issuer.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:counting:<real URL>} that hands out the real engine's connections
 * and counts what goes through them: transactions that wrote and committed, the statements
 * they ran, and the rows queries returned. Lets a test compare the database work of two paths
 * without timing them.
 */
public final class CountingDriver implements Driver {

    public static final String PREFIX = "jdbc:counting:";
    private static final CountingDriver INSTANCE = new CountingDriver();
    private static final Set<String> WRITES = Set.of("executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    /** Commits of transactions that ran at least one write statement. */
    public final AtomicLong writeCommits = new AtomicLong();
    /** Statements (queries and writes) run in transactions that wrote and committed. */
    public final AtomicLong writeTransactionStatements = new AtomicLong();
    /** Rows read from every query's results, in any transaction. */
    public final AtomicLong rowsRead = new AtomicLong();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CountingDriver() {
    }

    public static CountingDriver instance() {
        return INSTANCE;
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection(url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new Transaction(real));
    }

    /** The statements of the transaction under way on one connection. */
    private final class Transaction implements InvocationHandler {
        private final Connection real;
        private long statements;
        private boolean wrote;

        Transaction(Connection real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("commit")) {
                if (wrote) {
                    writeCommits.incrementAndGet();
                    writeTransactionStatements.addAndGet(statements);
                }
                end();
            } else if (name.equals("rollback") && (args == null || args.length == 0)) {
                end();
            }
            Object result = call(real, method, args);
            if (result instanceof Statement statement) {
                Class<?> type = method.getReturnType();
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> {
                    if (m.getName().startsWith("execute")) {
                        statements++;
                        wrote |= WRITES.contains(m.getName());
                    }
                    Object answer = call(statement, m, a);
                    return answer instanceof ResultSet rows ? counting(rows) : answer;
                });
            }
            return result;
        }

        private void end() {
            statements = 0;
            wrote = false;
        }
    }

    /** {@code rows}, counting each row its reader moves to into {@link #rowsRead}. */
    private ResultSet counting(ResultSet rows) {
        return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
                (p, m, a) -> {
                    Object answer = call(rows, m, a);
                    if (m.getName().equals("next") && Boolean.TRUE.equals(answer)) {
                        rowsRead.incrementAndGet();
                    }
                    return answer;
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no logger");
    }
}
