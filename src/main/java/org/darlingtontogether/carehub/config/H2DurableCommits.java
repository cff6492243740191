package org.darlingtontogether.carehub.config;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * On an embedded H2 file database, whose URL sets a write delay, makes every commit durable before the caller goes on
 * (a {@code CHECKPOINT} after it) unless the thread is inside {@link CommitDurability#lazily}: a transaction's
 * {@code commit()}, and a write made outside a transaction (auto-commit). A transaction that wrote nothing (only
 * reads, as most timer ticks) has nothing to make durable and is no store. Other databases' data sources are left as
 * they are.
 */
@Component
public class H2DurableCommits implements BeanPostProcessor {

    /** Methods a proxy answers itself. */
    private static final Set<String> OWN = Set.of("equals", "hashCode", "toString", "unwrap", "isWrapperFor");
    /** Statement methods that may write; after one of them in auto-commit mode, the write is made durable. */
    private static final Set<String> WRITES = Set.of("executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch", "execute");

    /** A connection of this data source: {@link #checkpoint} writes everything committed so far to the file. */
    public interface DurableConnection {
        void checkpoint() throws SQLException;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // by its URL, not a connection: the pool is not opened before Flyway's turn
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null && pool.getJdbcUrl().startsWith("jdbc:h2:")) {
            return new Durable(pool);
        }
        return bean;
    }

    /** The H2 data source, handing out connections that make their commits durable. */
    static final class Durable extends DelegatingDataSource {
        Durable(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return durable(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return durable(super.getConnection(username, password));
        }
    }

    static Connection durable(Connection target) {
        return (Connection) Proxy.newProxyInstance(H2DurableCommits.class.getClassLoader(),
                new Class<?>[] {Connection.class, DurableConnection.class}, new ConnectionHandler(target));
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection target;
        /** A statement of this connection may have written since its last commit or rollback. */
        private boolean wrote;

        ConnectionHandler(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (method.getDeclaringClass() == DurableConnection.class) {
                CommitDurability.checkpoint(target);
                return null;
            }
            if (OWN.contains(name)) {
                return own(proxy, target, method, args);
            }
            Object result = call(target, method, args);
            if (name.equals("commit")) {
                if (wrote && !CommitDurability.isLazy()) {
                    CommitDurability.checkpoint(target);
                }
                wrote = false;
            } else if (name.equals("rollback") && (args == null || args.length == 0)) {
                wrote = false;
            }
            if (result instanceof Statement statement) {
                Class<?> type = result instanceof CallableStatement ? CallableStatement.class
                        : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(H2DurableCommits.class.getClassLoader(), new Class<?>[] {type},
                        new StatementHandler(statement, target, (Connection) proxy, this));
            }
            return result;
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private final Connection connection;
        private final Connection proxy;
        private final ConnectionHandler owner;

        StatementHandler(Statement target, Connection connection, Connection proxy, ConnectionHandler owner) {
            this.target = target;
            this.connection = connection;
            this.proxy = proxy;
            this.owner = owner;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("getConnection")) {
                return proxy;
            }
            if (OWN.contains(method.getName())) {
                return own(self, target, method, args);
            }
            Object result = call(target, method, args);
            // execute() answering true returned a result set: a read
            if (WRITES.contains(method.getName()) && !Boolean.TRUE.equals(result)) {
                if (connection.getAutoCommit()) {
                    // a write outside a transaction is committed by the statement itself: durable now, as a commit would be
                    if (!CommitDurability.isLazy()) {
                        CommitDurability.checkpoint(connection);
                    }
                } else {
                    owner.wrote = true;
                }
            }
            return result;
        }
    }

    /** A proxy's identity, and what it wraps: the proxy is equal only to itself and unwraps to itself or its target. */
    private static Object own(Object proxy, Wrapper target, Method method, Object[] args) throws SQLException {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> "durable " + target;
            case "unwrap" -> ((Class<?>) args[0]).isInstance(proxy) ? proxy : target.unwrap((Class<?>) args[0]);
            default -> ((Class<?>) args[0]).isInstance(proxy) || target.isWrapperFor((Class<?>) args[0]);
        };
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
