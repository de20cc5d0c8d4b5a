package dev.umt.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.Secret;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The clustered scheduler's properties (the cluster itself runs in {@link ClusteredSchedulerTest}).
 */
class PostgresQuartzTest {

  @Test
  void aClusteredJdbcJobStoreOnTheSameDatabaseWithTheTlsSettingsInItsUrl() {
    PostgresConfig config =
        PostgresConfig.builder()
            .jdbcUrl("jdbc:postgresql://db.example.com:5432/umt")
            .user("umt")
            .password(Secret.of("pw"))
            .sslMode("verify-full")
            .sslRootCert(Path.of("/etc/umt/db ca.pem"))
            .build();
    Properties p = PostgresQuartz.clusteredProperties(config, "umt");
    assertThat(p)
        .containsEntry("org.quartz.scheduler.instanceName", "umt")
        .containsEntry("org.quartz.scheduler.instanceId", "AUTO")
        .containsEntry("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX")
        .containsEntry(
            "org.quartz.jobStore.driverDelegateClass",
            "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate")
        .containsEntry("org.quartz.jobStore.isClustered", "true")
        .containsEntry("org.quartz.jobStore.clusterCheckinInterval", "7500")
        .containsEntry("org.quartz.jobStore.tablePrefix", "QRTZ_")
        .containsEntry("org.quartz.jobStore.useProperties", "true")
        .containsEntry("org.quartz.dataSource.umt.provider", "hikaricp")
        .containsEntry("org.quartz.dataSource.umt.user", "umt")
        .containsEntry("org.quartz.dataSource.umt.password", "pw")
        .containsEntry(
            "org.quartz.dataSource.umt.URL",
            "jdbc:postgresql://db.example.com:5432/umt?ApplicationName=umt+quartz"
                + "&connectTimeout=10&sslmode=verify-full&sslrootcert=%2Fetc%2Fumt%2Fdb+ca.pem&tcpKeepAlive=true");
  }

  @Test
  void settingsAlreadyInTheUrlAreKeptAndABlankSchedulerNameIsRefused() {
    PostgresConfig config =
        PostgresConfig.builder()
            .jdbcUrl("jdbc:postgresql://db/umt?loginTimeout=5")
            .user("umt")
            .build();
    assertThat(
            PostgresQuartz.clusteredProperties(config, "umt")
                .getProperty("org.quartz.dataSource.umt.URL"))
        .isEqualTo(
            "jdbc:postgresql://db/umt?loginTimeout=5&ApplicationName=umt+quartz&connectTimeout=10&tcpKeepAlive=true");
    assertThat(
            PostgresQuartz.clusteredProperties(config, "umt")
                .getProperty("org.quartz.dataSource.umt.password"))
        .isEmpty();
    assertThatThrownBy(() -> PostgresQuartz.clusteredProperties(config, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("schedulerName: must not be blank");
  }
}
