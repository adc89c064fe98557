package care.ketamine.session.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where failed attempts are counted from: an IPv4 address as it is, an IPv6 address by its /64 network, since one
 * home or phone is given a whole /64 and could otherwise try from a new address each time.
 */
public final class AttemptSource {

    private AttemptSource() {
    }

    public static String of(String address) {
        if (address == null || address.isBlank()) {
            return "unknown";
        }
        if (!address.contains(":")) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address.replaceAll("^\\[|]$|%.*$", "")).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return address;
        }
    }
}
