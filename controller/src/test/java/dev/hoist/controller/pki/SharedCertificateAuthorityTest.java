package dev.hoist.controller.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoist.controller.store.DatabaseKind;
import dev.hoist.controller.store.JdbiSharedAuthorityStore;
import dev.hoist.controller.store.PostgresDatabases;
import dev.hoist.controller.store.SchemaMigrations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA several controllers share through PostgreSQL: the first stores it, the others find the same one
 * and can sign with it; its key is stored sealed, and only the configured key file opens it.
 */
class SharedCertificateAuthorityTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;

    private String schema;
    private Jdbi jdbi;
    private JdbiSharedAuthorityStore store;
    private Path keyFile;

    @BeforeEach
    void database() throws Exception {
        schema = PostgresDatabases.createSchema();
        DataSource dataSource = PostgresDatabases.dataSource(schema);
        new SchemaMigrations(dataSource).migrate();
        jdbi = DatabaseKind.POSTGRESQL.jdbi(dataSource);
        store = new JdbiSharedAuthorityStore(jdbi);
        keyFile = newKeyFile("kek");
    }

    @AfterEach
    void dropSchema() {
        PostgresDatabases.dropSchema(schema);
    }

    @Test
    void theFirstControllerStoresACaAndTheNextFindsTheSameOneAndSignsWithIt() throws Exception {
        CertificateAuthority first = SharedCertificateAuthority.loadOrCreate(store, keyFile, dir.resolve("a"), CLOCK);
        CertificateAuthority second = SharedCertificateAuthority.loadOrCreate(store, keyFile, dir.resolve("b"), CLOCK);

        assertThat(second.pin()).isEqualTo(first.pin());
        assertThat(second.certificate()).isEqualTo(first.certificate());
        // What the second signs, the first's certificate verifies: the same key.
        X509Certificate gateway = second.gatewayCredentials(List.of(), Duration.ofDays(30)).chain().get(0);
        gateway.verify(first.certificate().getPublicKey());
        // Nothing of the CA is written to the data directories: the database is its one home.
        assertThat(dir.resolve("a").resolve(CertificateAuthority.CA_KEY)).doesNotExist();
        assertThat(dir.resolve("b").resolve(CertificateAuthority.CA_KEY)).doesNotExist();
    }

    @Test
    void controllersStartingAtTheSameMomentAllEndWithOneCa() throws Exception {
        int controllers = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(controllers);
        try {
            List<Future<CertificateAuthority>> started = new ArrayList<>();
            for (int i = 0; i < controllers; i++) {
                Path pkiDir = dir.resolve("c" + i);
                Callable<CertificateAuthority> start = () -> {
                    go.await();
                    return SharedCertificateAuthority.loadOrCreate(store, keyFile, pkiDir, CLOCK);
                };
                started.add(pool.submit(start));
            }
            go.countDown();
            List<String> pins = new ArrayList<>();
            for (Future<CertificateAuthority> ca : started) {
                pins.add(ca.get(60, TimeUnit.SECONDS).pin());
            }
            assertThat(pins).hasSize(controllers).containsOnly(pins.get(0));
            assertThat(store.find()).isPresent();
            assertThat(CertificateAuthority.pinOf(PemFiles.parseCertificate(store.find().get().certificatePem())))
                    .isEqualTo(pins.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCaOfAControllerThatRanAloneMovesIntoTheDatabaseSoItsAgentsStayTrusted() throws Exception {
        Path alone = dir.resolve("alone");
        CertificateAuthority before = CertificateAuthority.loadOrCreate(alone, CLOCK);

        CertificateAuthority shared = SharedCertificateAuthority.loadOrCreate(store, keyFile, alone, CLOCK);
        CertificateAuthority joining = SharedCertificateAuthority.loadOrCreate(store, keyFile, dir.resolve("new"), CLOCK);

        assertThat(shared.pin()).isEqualTo(before.pin());
        assertThat(joining.pin()).isEqualTo(before.pin());
    }

    @Test
    void theKeyIsStoredSealedNotInTheClear() throws Exception {
        SharedCertificateAuthority.loadOrCreate(store, keyFile, dir.resolve("a"), CLOCK);

        String sealed = jdbi.withHandle(h -> h.createQuery("SELECT sealed_key FROM certificate_authority")
                .mapTo(String.class).one());
        assertThat(sealed).startsWith("v1:").doesNotContain("PRIVATE KEY");
        assertThat(sealed).doesNotContain(Files.readString(keyFile).trim());
    }

    @Test
    void aControllerWithAnotherKeyFileIsRefusedAndToldWhichFile() throws Exception {
        SharedCertificateAuthority.loadOrCreate(store, keyFile, dir.resolve("a"), CLOCK);
        Path otherKey = newKeyFile("other-kek");

        assertThatThrownBy(() -> SharedCertificateAuthority.loadOrCreate(store, otherKey, dir.resolve("b"), CLOCK))
                .hasMessageContaining("pki.keyEncryptionKeyFile " + otherKey)
                .hasMessageContaining("does not open")
                .hasMessageContaining("same key file");
    }

    @Test
    void aMissingOrMalformedKeyFileSaysHowToMakeOne() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> SharedCertificateAuthority.loadOrCreate(store, missing, dir.resolve("a"), CLOCK))
                .hasMessageContaining(missing + " does not exist")
                .hasMessageContaining("openssl rand -base64 32");
        Path shortKey = dir.resolve("short");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]) + "\n");
        assertThatThrownBy(() -> SharedCertificateAuthority.loadOrCreate(store, shortKey, dir.resolve("a"), CLOCK))
                .hasMessageContaining("holds 16 bytes; it must hold 32");
        assertThat(store.find()).isEmpty();
    }

    private Path newKeyFile(String name) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path file = dir.resolve(name);
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        return file;
    }
}
