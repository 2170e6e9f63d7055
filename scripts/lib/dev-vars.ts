import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";

/** The local secrets file that `wrangler dev` reads, after it was checked. */
export interface DevVars {
  path: string;
  adminToken: string;
  /** True when this call wrote the file. */
  created: boolean;
}

/** Parses `KEY=value` lines, where a value may be single- or double-quoted. */
export function parseDevVars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith("#")) continue;
    vars.set(match[1], match[2].replace(/^(["'])(.*)\1$/, "$2"));
  }
  return vars;
}

function freshDevVars(): string {
  const adminToken = randomBytes(32).toString("base64url");
  const secretsKey = randomBytes(32).toString("base64");
  return [
    "# Local secrets for wrangler dev; git-ignored. Delete to regenerate.",
    `ADMIN_TOKEN=${adminToken}`,
    `SECRETS_KEY=${secretsKey}`,
    "",
  ].join("\n");
}

async function createIfMissing(path: string): Promise<boolean> {
  try {
    // "wx" fails when the file exists, so two scripts starting at once
    // cannot overwrite each other's secrets.
    await writeFile(path, freshDevVars(), { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/**
 * Ensures `.dev.vars` exists at `path`, creating it with a random
 * `ADMIN_TOKEN` and a random 32-byte base64 `SECRETS_KEY` when missing, and
 * returns the admin token it contains.
 */
export async function ensureDevVars(path: string): Promise<DevVars> {
  const created = await createIfMissing(path);
  const vars = parseDevVars(await readFile(path, "utf8"));
  const adminToken = vars.get("ADMIN_TOKEN");
  if (!adminToken) {
    throw new Error(
      `${path} has no ADMIN_TOKEN; add a line ADMIN_TOKEN=<random string> ` +
        "or delete the file to have a new one generated",
    );
  }
  return { path, adminToken, created };
}
