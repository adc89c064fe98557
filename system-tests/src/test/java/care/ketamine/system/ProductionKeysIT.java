package care.ketamine.system;

import care.ketamine.testsupport.DevKeys;
import care.ketamine.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged services in the prod profile trust no development key: without their own keys
 * they refuse to start and say which setting is missing; session-service also without a way for staff to sign in.
 */
class ProductionKeysIT {

    @Test
    void shouldRefuseToStartInProductionWithoutConfiguredKeys() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        for (String service : List.of("intake-service", "session-service")) {
            try (ServiceProcess prod = ServiceProcess.startInProduction(service, infrastructure, List.of())) {
                OptionalInt exit = prod.awaitExit(Duration.ofSeconds(180));

                assertThat(exit).as(service + " must not keep running").isPresent();
                assertThat(exit.getAsInt()).isNotZero();
                assertThat(Files.readString(prod.log)).contains("Refusing to start")
                        .contains("set jwt.public-key.location").contains("set jwt.issuer");
            }
        }
    }

    @Test
    void shouldRefuseToStartSessionServiceInProductionWithNoWayForStaffToSignIn() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair keys = generator.generateKeyPair();
        java.nio.file.Path publicKey = Files.createTempFile("production-key", ".pem");
        java.nio.file.Path privateKey = Files.createTempFile("production-signing-key", ".pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(privateKey, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        // Its own keys, and neither the clinic's OIDC provider nor demo users allowed on purpose.
        try (ServiceProcess prod = ServiceProcess.startInProduction("session-service", TestInfrastructure.shared(), List.of(
                "-Djwt.public-key.location=" + publicKey.toUri(), "-Djwt.issuer=https://idp.clinic.example",
                "-Djwt.private-key.location=" + privateKey.toUri()))) {
            OptionalInt exit = prod.awaitExit(Duration.ofSeconds(180));

            assertThat(exit).as("session-service must not run with nobody able to sign in").isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(Files.readString(prod.log)).contains("Refusing to start")
                    .contains("no way for staff to sign in to the console")
                    .contains("console.oidc.auth-server-url").contains("console.oidc.client-id");
        } finally {
            Files.deleteIfExists(publicKey);
            Files.deleteIfExists(privateKey);
        }
    }

    @Test
    void shouldRefuseTheDevelopmentKeyInProduction() throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        try (ServiceProcess prod = ServiceProcess.startInProduction("vitals-service", infrastructure, List.of(
                "-Djwt.public-key.location=" + DevKeys.publicKey().toUri(), "-Djwt.issuer=https://ketamine.local/dev"))) {
            OptionalInt exit = prod.awaitExit(Duration.ofSeconds(180));

            assertThat(exit).isPresent();
            assertThat(Files.readString(prod.log)).contains("points at the development key")
                    .contains("the development issuer");
        }
    }

    @Test
    void shouldRefuseToStartAlertingInProductionWithNoChannelThatReachesSomeoneAwayFromTheConsole() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.nio.file.Path key = Files.createTempFile("production-key", ".pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (ServiceProcess prod = ServiceProcess.startInProduction("alerting-service", TestInfrastructure.shared(), List.of(
                "-Djwt.public-key.location=" + key.toUri(), "-Djwt.issuer=https://idp.clinic.example",
                "-Dalerting.commands.public-key.location=" + key.toUri()))) {
            OptionalInt exit = prod.awaitExit(Duration.ofSeconds(180));

            assertThat(exit).as("alerting must not run with the live screens alone").isPresent();
            assertThat(Files.readString(prod.log)).contains("No channel that reaches a person away from the console");
        } finally {
            Files.deleteIfExists(key);
        }
    }

    @Test
    void shouldStartInProductionWithItsOwnKeyAndServeNoSwaggerUi() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.nio.file.Path key = Files.createTempFile("production-key", ".pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (ServiceProcess prod = ServiceProcess.startInProduction("vitals-service", TestInfrastructure.shared(), List.of(
                "-Djwt.public-key.location=" + key.toUri(), "-Djwt.issuer=https://idp.clinic.example"))) {
            prod.awaitReady();

            // Its log is JSON lines, for the cluster's log pipeline.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<com.fasterxml.jackson.databind.JsonNode> lines = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(prod.log)) {
                if (line.startsWith("{")) {
                    lines.add(json.readTree(line));
                }
            }
            assertThat(lines).as("JSON log lines in " + prod.log).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.has("timestamp") && line.has("level") && line.has("message")).isTrue())
                    .anySatisfy(line -> assertThat(line.path("message").asText()).contains("started in"));
            io.restassured.RestAssured.given().get(prod.url("/q/swagger-ui")).then().statusCode(404);
            io.restassured.RestAssured.given().get(prod.url("/q/openapi")).then().statusCode(200);
            // Health and metrics only on the management interface (awaitReady read it there), never on the public port.
            for (String path : List.of("/q/health", "/q/health/ready", "/q/metrics")) {
                io.restassured.RestAssured.given().get(prod.url(path)).then().statusCode(404);
            }
            io.restassured.RestAssured.given().get(prod.managementUrl("/q/metrics")).then().statusCode(200);
            // A development token means nothing to it.
            io.restassured.RestAssured.given().auth().oauth2(care.ketamine.testsupport.DevTokens.forRole("admin"))
                    .get(prod.url("/sessions/" + java.util.UUID.randomUUID() + "/observations")).then().statusCode(401);
        } finally {
            Files.deleteIfExists(key);
        }
    }
}
