package dev.hoist.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressAndPinTest {

    @Test
    void parsesHostPortAndBracketedIpv6() {
        assertThat(ControllerAddress.parse("hoist.example.org:8443")).isEqualTo(new ControllerAddress("hoist.example.org", 8443));
        assertThat(ControllerAddress.parse("[::1]:9000")).isEqualTo(new ControllerAddress("::1", 9000));
        assertThat(ControllerAddress.parse("[::1]:9000").toString()).isEqualTo("[::1]:9000");
    }

    @Test
    void refusesAddressesWithWhatWouldBeValid() {
        assertThatThrownBy(() -> ControllerAddress.parse("hoist.example.org")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> ControllerAddress.parse("host:http")).hasMessageContaining("not a port number");
        assertThatThrownBy(() -> ControllerAddress.parse("host:70000")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> ControllerAddress.parse("::1:8443")).hasMessageContaining("brackets");
    }

    @Test
    void acceptsOnlyWellFormedPins() {
        String hex = "ab".repeat(32);
        assertThat(new CaPin("SHA256:" + hex.toUpperCase()).value()).isEqualTo("sha256:" + hex);
        assertThatThrownBy(() -> new CaPin("sha1:" + hex)).hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> new CaPin("sha256:abc")).hasMessageContaining("hoist token create");
    }
}
