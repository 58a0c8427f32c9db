package dev.retort.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The default database identity goes into every result key, which Redis receives as a script
 * argument (visible to MONITOR and the slow log): no credential of the JDBC URL may be in it.
 * Before, only parameters named exactly password, pwd, ... were emptied: MySQL's second and third
 * factor (password2, password3), key store passwords and MySQL's address form kept theirs, and a
 * password holding {@code @} kept its end.
 */
class RedisIdentityCredentialsTest {
    @Test
    void noCredentialOfTheUrlIsInTheIdentity() {
        String[] urls = {
            "jdbc:mysql://db/app?user=u&password1=SECRET1&password2=SECRET2&password3=SECRET3",
            "jdbc:mariadb://db/app?user=u&trustStorePassword=SECRET1&keyStorePassword=SECRET2&sslMode=verify-full",
            "jdbc:mysql://db/app?clientCertificateKeyStorePassword=SECRET1&useSSL=true",
            "jdbc:mysql://address=(host=db)(port=3306)(user=u)(password=SECRET1)/app",
            "jdbc:postgresql://u:p@ssSECRET1@db:5432/app",
            "jdbc:postgresql://db/app?sslpassword=SECRET1&sslkey=/keys/SECRET2.pk8&currentSchema=s",
            "jdbc:sqlserver://db;databaseName=app;user=u;password=SECRET1;accessToken=SECRET2",
        };
        for (String url : urls) {
            assertThat(RedisResultCache.databaseIdentity(url, null)).as(url).doesNotContain("SECRET").doesNotContain("p@ss");
        }
        // What tells databases apart stays.
        assertThat(RedisResultCache.databaseIdentity("jdbc:postgresql://db/app?sslpassword=x&currentSchema=s", "u"))
                .isEqualTo("jdbc:postgresql://db/app?sslpassword=&currentSchema=s user=u");
        assertThat(RedisResultCache.databaseIdentity("jdbc:mysql://root:pw@db/app", null)).isEqualTo("jdbc:mysql://db/app user=root");
    }
}
