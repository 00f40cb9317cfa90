package keyaccount.hub.core.cluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * Quartz's tables for its clustered JDBC job store (the nightly schedule), from the script Quartz
 * ships for the store's database (tables_postgres.sql or tables_h2.sql in its jar), so that they
 * are exactly what this Quartz version reads. A Flyway migration like the others: run once.
 */
public class V10__Quartz_tables extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        String product = c.getMetaData().getDatabaseProductName();
        String script = product.toLowerCase().contains("postgres") ? "tables_postgres.sql" : "tables_h2.sql";
        String sql = new ClassPathResource("org/quartz/impl/jdbcjobstore/" + script).getContentAsString(StandardCharsets.UTF_8);
        // the script ends with its own COMMIT; Flyway commits the migration with its history row
        sql = sql.replaceAll("(?im)^\\s*COMMIT\\s*;\\s*$", "");
        ScriptUtils.executeSqlScript(c, new ByteArrayResource(sql.getBytes(StandardCharsets.UTF_8)));
    }
}
