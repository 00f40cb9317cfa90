package keyaccount.hub.config;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three databases: the hub's own store (primary: Flyway, transactions, JdbcTemplate) and two
 * that belong to outside systems, the 97 system and network management, each with its own
 * small pool. The outside ones may be down at start; the hub starts anyway and retries.
 */
@Configuration
public class DataSourceConfig {

    public static final String S97 = "s97DataSource";
    public static final String NMS = "nmsDataSource";

    @Bean
    @Primary
    public DataSource dataSource(HubProperties props) {
        HubProperties.Db db = props.store();
        HikariDataSource ds = pool("hub-store", db, db.poolSize() == null ? 10 : db.poolSize());
        if (db.connectionTimeoutMs() != null) {
            ds.setConnectionTimeout(db.connectionTimeoutMs());
        }
        if (db.url().startsWith("jdbc:postgresql:")) {
            // batches of INSERTs (revenue files) go as multi-row statements: several times faster
            ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return ds;
    }

    @Bean(name = S97, destroyMethod = "close")
    public HikariDataSource s97DataSource(HubProperties props) {
        HikariDataSource ds = pool("s97", props.s97(), 2);
        ds.setInitializationFailTimeout(-1);
        return ds;
    }

    @Bean(name = NMS, destroyMethod = "close")
    public HikariDataSource nmsDataSource(HubProperties props) {
        HikariDataSource ds = pool("nms-db", props.nmsDb(), 2);
        ds.setInitializationFailTimeout(-1);
        return ds;
    }

    /** The store's template. Declared here because the one below makes Boot's own back off. */
    @Bean
    @Primary
    public JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean
    public JdbcTemplate s97Jdbc(@Qualifier(S97) DataSource ds) {
        return new JdbcTemplate(ds);
    }

    private static HikariDataSource pool(String name, HubProperties.Db db, int size) {
        HikariDataSource ds = new HikariDataSource();
        ds.setPoolName(name);
        ds.setJdbcUrl(db.url());
        ds.setUsername(db.user());
        ds.setPassword(db.password());
        ds.setMaximumPoolSize(size);
        ds.setConnectionTimeout(5000);
        return ds;
    }
}
