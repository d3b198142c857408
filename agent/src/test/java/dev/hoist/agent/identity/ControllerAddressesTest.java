package dev.hoist.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerAddressesTest {
    @Test
    void oneAddressOrSeveralSeparatedByCommas() {
        assertThat(ControllerAddresses.parse("ctl.example.org:8443").all())
                .containsExactly(new ControllerAddress("ctl.example.org", 8443));
        assertThat(ControllerAddresses.parse(" a:8443, [::1]:9443 ,b:8443").all()).containsExactly(
                new ControllerAddress("a", 8443), new ControllerAddress("::1", 9443), new ControllerAddress("b", 8443));
    }

    @Test
    void writtenAsItIsReadSoTheStateFileKeepsTheList() {
        ControllerAddresses addresses = ControllerAddresses.parse("a:8443,[::1]:9443");
        assertThat(addresses.toString()).isEqualTo("a:8443,[::1]:9443");
        assertThat(ControllerAddresses.parse(addresses.toString())).isEqualTo(addresses);
    }

    @Test
    void eachAttemptGoesToTheNextAddressRoundAndRound() {
        ControllerAddresses addresses = ControllerAddresses.parse("a:1,b:2,c:3");
        List<String> hosts = new ArrayList<>();
        for (long attempt = 0; attempt < 7; attempt++) {
            hosts.add(addresses.forAttempt(attempt).host());
        }
        assertThat(hosts).containsExactly("a", "b", "c", "a", "b", "c", "a");
        assertThat(ControllerAddresses.parse("only:1").forAttempt(5).host()).isEqualTo("only");
    }

    @Test
    void aRepeatedAddressIsTriedOnce() {
        assertThat(ControllerAddresses.parse("a:1,b:2,a:1").all()).hasSize(2);
    }

    @Test
    void anEmptyOrBadAddressIsNamed() {
        assertThatThrownBy(() -> ControllerAddresses.parse("a:1,,b:2")).hasMessageContaining("empty address");
        assertThatThrownBy(() -> ControllerAddresses.parse("")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ControllerAddresses.parse("a:1,b")).hasMessageContaining("'b' is not a controller "
                + "address");
    }
}
