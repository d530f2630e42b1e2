import { describe, expect, it } from "vitest";
import { smtpTlsPolicy } from "../../src/infra/mail-transport.js";

describe("SMTP TLS policy", () => {
  it("requires TLS before sending credentials to a server that is not on this machine", () => {
    expect(smtpTlsPolicy(new URL("smtp://mailer:secret@mail.example.org:587"))).toEqual({
      ignoreTLS: false,
      requireTLS: true,
    });
  });

  it("uses TLS when offered, without requiring it, when there is no password to protect", () => {
    expect(smtpTlsPolicy(new URL("smtp://mail.example.org:25"))).toEqual({
      ignoreTLS: false,
      requireTLS: false,
    });
  });

  it("leaves smtps (TLS from the first byte) and a loopback relay as they are", () => {
    expect(smtpTlsPolicy(new URL("smtps://mailer:secret@mail.example.org:465")).requireTLS).toBe(false);
    expect(smtpTlsPolicy(new URL("smtp://mailer:secret@127.0.0.1:2525"))).toEqual({
      ignoreTLS: true,
      requireTLS: false,
    });
  });
});
