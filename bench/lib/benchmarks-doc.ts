import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** The page that collects benchmark results, one `## ` section each. */
export const BENCHMARKS_DOC = join(
  import.meta.dirname,
  "..",
  "..",
  "docs",
  "benchmarks.md",
);

const NEW_DOC_HEADER = [
  "# Benchmarks",
  "",
  "Each section is written by its benchmark script and names the command",
  "that reproduces it and the machine it ran on.",
  "",
].join("\n");

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    // A missing page starts with the header. Any other error is real.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return NEW_DOC_HEADER;
    throw error;
  }
}

/**
 * Replaces the section `## <title>` of the benchmarks page with `body`, or
 * appends it when absent. Other sections are kept byte for byte.
 */
export async function writeDocSection(
  title: string,
  body: string,
  path = BENCHMARKS_DOC,
): Promise<void> {
  const text = await readOrEmpty(path);
  const lines = text.split("\n");
  const heading = `## ${title}`;
  const section = [heading, "", body.trimEnd(), ""];

  const start = lines.findIndex((line) => line.trimEnd() === heading);
  if (start === -1) {
    const existing = text.trimEnd();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `${existing}\n\n${section.join("\n")}`);
    return;
  }
  const next = lines.findIndex(
    (line, i) => i > start && line.startsWith("## "),
  );
  const after = next === -1 ? [] : lines.slice(next);
  const merged = [...lines.slice(0, start), ...section, ...after];
  await writeFile(path, merged.join("\n"));
}
