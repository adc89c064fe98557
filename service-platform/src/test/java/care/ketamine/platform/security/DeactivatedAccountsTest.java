package care.ketamine.platform.security;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeactivatedAccountsTest {

    private final DeactivatedAccounts accounts = new DeactivatedAccounts(null, null);

    @Test
    void shouldRefuseEveryTokenOfADeactivatedAccountUntilItIsActiveAgain() {
        assertThat(accounts.revoked("dr-a", "jti-1")).isNull();

        accounts.applied("dr-a", false);

        assertThat(accounts.revoked("dr-a", "jti-1")).isEqualTo("the account is deactivated");
        assertThat(accounts.revoked("dr-a", null)).isEqualTo("the account is deactivated");
        assertThat(accounts.revoked("dr-b", "jti-2")).isNull();
        assertThat(accounts.revoked(null, "jti-2")).isNull();

        accounts.applied("dr-a", true);

        assertThat(accounts.revoked("dr-a", "jti-1")).isNull();
    }

    @Test
    void shouldTakeTheRecordAsReadByAReloadBegunAfterTheLastChange() {
        accounts.applied("dr-a", false);
        long before = accounts.sequence();

        accounts.reloaded(before, Set.of("dr-b"));

        // Another replica reactivated dr-a and deactivated dr-b: the record says so.
        assertThat(accounts.revoked("dr-a", null)).isNull();
        assertThat(accounts.revoked("dr-b", null)).isNotNull();
    }

    @Test
    void shouldKeepAChangeMadeHereWhileAReloadWasReadingTheRecord() {
        long before = accounts.sequence();
        accounts.applied("dr-a", false);
        accounts.applied("dr-b", true);

        // The read began before the changes committed: it shows dr-a active and dr-b deactivated.
        accounts.reloaded(before, Set.of("dr-b"));

        assertThat(accounts.revoked("dr-a", null)).isNotNull();
        assertThat(accounts.revoked("dr-b", null)).isNull();

        // The next reload sees the committed changes.
        accounts.reloaded(accounts.sequence(), Set.of("dr-a"));
        assertThat(accounts.revoked("dr-a", null)).isNotNull();
        assertThat(accounts.revoked("dr-b", null)).isNull();
    }
}
