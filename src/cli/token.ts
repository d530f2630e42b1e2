// policywatch token show | token rotate: the admin token the service's first start made
// (DATA_DIR/admin-token). `show` reads the file only, so it works while the service runs.
import { adminTokenService } from "../app.js";
import { type Command, UserError } from "./command.js";

const ENVIRONMENT_WINS =
  "ADMIN_TOKEN is set in the environment (or .env): that is the admin token, and no generated one is used.";

export const tokenShowCommand: Command = {
  name: "token show",
  summary: "Print the admin token the service made (DATA_DIR/admin-token)",
  usage: "policywatch token show",
  async run(ctx) {
    const shown = adminTokenService(ctx.config()).show();
    if ("token" in shown) {
      ctx.print(shown.token);
      return 0;
    }
    if (shown.problem === "environment") throw new UserError(ENVIRONMENT_WINS, "conflict");
    throw new UserError(
      `There is no admin token file at ${shown.file}. The service makes one when it first starts on a database ` +
        "without ADMIN_TOKEN; `policywatch token rotate` makes a new one.",
      "unavailable",
    );
  },
};

export const tokenRotateCommand: Command = {
  name: "token rotate",
  summary: "Replace the admin token: the old one stops working and sessions end",
  usage: "policywatch token rotate",
  async run(ctx) {
    const app = await ctx.app();
    const rotated = await app.services.adminToken.rotate();
    if (!rotated) throw new UserError(`${ENVIRONMENT_WINS} Change it there.`, "invalid");
    ctx.print(
      `A new admin token is in ${rotated.file} (\`policywatch token show\` prints it). ` +
        "The old one no longer works, and everyone signed in with it is signed out.",
    );
    return 0;
  },
};
