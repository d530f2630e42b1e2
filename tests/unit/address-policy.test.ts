import { describe, expect, it } from "vitest";
import { forbiddenAddressReason, isPublicAddress } from "../../src/domain/address-policy.js";

describe("forbiddenAddressReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "metadata"],
    ["fd00:ec2::254", "metadata"],
    ["169.254.1.1", "link-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["fc00::1", "unique-local"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::7f00:1", "loopback"],
    ["2002:a9fe:a9fe::1", "metadata"],
    ["not-an-ip", "not a valid IP address"],
    ["::127.0.0.1", "loopback"],
    ["[::7f00:1]", "loopback"],
    ["::a00:1", "private"],
    ["::a9fe:a9fe", "metadata"],
    ["::ffff:0:7f00:1", "loopback"],
  ])("refuses %s as %s", (address, words) => {
    expect(forbiddenAddressReason(address)).toContain(words);
  });

  it.each(["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:93.184.216.34"])(
    "allows %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});
